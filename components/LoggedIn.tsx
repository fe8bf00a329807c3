import React, { useRef } from 'react';
import { Box, CurrentUserNav, type CurrentUserNavProps } from '@adminjs/design-system';
import { type CurrentAdmin, useTranslation } from 'adminjs';

type Props = { session: CurrentAdmin; paths: { logoutPath: string } };

/**
 * The user menu of the top bar, as AdminJS draws it, but "Log out" submits a POST form: logging out by GET would let
 * any site log our users out with a link or an image.
 */
const LoggedIn: React.FC<Props> = ({ session, paths }) => {
  const { translateButton } = useTranslation();
  const form = useRef<HTMLFormElement>(null);
  const dropActions: CurrentUserNavProps['dropActions'] = [
    {
      label: translateButton('logout'),
      onClick: (event: Event): void => {
        event.preventDefault();
        form.current?.submit();
      },
      icon: 'LogOut',
    },
  ];
  return (
    <Box flexShrink={0} data-css="logged-in">
      <CurrentUserNav name={session.email} title={session.title} avatarUrl={session.avatarUrl} dropActions={dropActions} />
      <form ref={form} method="post" action={paths.logoutPath} hidden />
    </Box>
  );
};

export default LoggedIn;
