import React, { useRef } from 'react';
import { Box, CurrentUserNav, type CurrentUserNavProps } from '@adminjs/design-system';
import { type CurrentAdmin, useTranslation } from 'adminjs';
import { useValueLabels } from './ui-texts';

type Props = { session: CurrentAdmin; paths: { logoutPath: string } };

/**
 * The user menu of the top bar, as AdminJS draws it, but "Log out" submits a POST form: logging out by GET would let
 * any site log our users out with a link or an image. The user's name, and under it the roles in the panel's
 * language (the labels of the users' roles), follow a change of language at once.
 */
const LoggedIn: React.FC<Props> = ({ session, paths }) => {
  const { translateButton } = useTranslation();
  const { label } = useValueLabels({ path: 'roles', resourceId: 'users' });
  const roles = ((session as CurrentAdmin & { roles?: string[] }).roles ?? []).map((r) => label(r)).join(', ');
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
      <CurrentUserNav name={session.title || session.email} title={roles || session.email} avatarUrl={session.avatarUrl} dropActions={dropActions} />
      <form ref={form} method="post" action={paths.logoutPath} hidden />
    </Box>
  );
};

export default LoggedIn;
