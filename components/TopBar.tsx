import React, { useState } from 'react';
import { Box, Button, cssClass, DropDownItem, DropDownMenu, Icon, themeGet } from '@adminjs/design-system';
import { styled } from '@adminjs/design-system/styled-components';
import { useTranslation } from 'adminjs';
import { useSelector } from 'react-redux';
import LoggedIn from './LoggedIn';

/**
 * AdminJS's top bar (TopBar), with a language menu that closes once a language is chosen: AdminJS's opens while the
 * pointer is over it and stays open after the click. Ours opens on hover or click (and on Enter or Space), closes
 * after a choice, when the pointer leaves it and on Escape. The user menu is ours (LoggedIn.tsx).
 */
const NavBar = styled(Box)`
  height: ${themeGet('sizes', 'navbarHeight')};
  border-bottom: ${themeGet('borders', 'default')};
  background: ${themeGet('colors', 'container')};
  display: flex;
  flex-direction: row;
  flex-shrink: 0;
  align-items: center;
`;

const LanguageMenu: React.FC = () => {
  const {
    i18n: { language, options, changeLanguage },
    translateComponent,
  } = useTranslation();
  const [open, setOpen] = useState(false);
  const languages = ((options.supportedLngs || []) as string[]).filter((l) => l !== 'cimode');
  if (languages.length <= 1) return null;
  const name = (lang: string) => translateComponent(`LanguageSelector.availableLanguages.${lang}`, { defaultValue: lang });
  return (
    <Box
      flex
      alignItems="center"
      style={{ position: 'relative' }}
      data-testid="language-menu"
      onMouseEnter={() => setOpen(true)}
      onMouseLeave={() => setOpen(false)}
      onKeyDown={(e: React.KeyboardEvent) => {
        if (e.key === 'Escape') setOpen(false);
      }}
    >
      <Button color="text" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(true)}>
        <Icon icon="Globe" />
        {name(language)}
      </Button>
      <DropDownMenu isVisible={open} role="menu" left={0} top="100%">
        {languages.map((lang) => (
          <DropDownItem
            key={lang}
            role="menuitem"
            tabIndex={0}
            onClick={() => {
              setOpen(false);
              changeLanguage(lang);
            }}
            onKeyDown={(e: React.KeyboardEvent) => {
              if (e.key !== 'Enter' && e.key !== ' ') return;
              e.preventDefault();
              setOpen(false);
              changeLanguage(lang);
            }}
          >
            {name(lang)}
          </DropDownItem>
        ))}
      </DropDownMenu>
    </Box>
  );
};

type State = { session?: { email?: string } & Record<string, unknown>; paths: { logoutPath: string } };

const TopBar: React.FC<{ toggleSidebar: () => void }> = ({ toggleSidebar }) => {
  const session = useSelector((state: State) => state.session);
  const paths = useSelector((state: State) => state.paths);
  return (
    <NavBar data-css="topbar" className={cssClass('NavBar')}>
      <Box py="lg" px={['default', 'lg']} onClick={toggleSidebar} display={['block', 'block', 'block', 'block', 'none']} style={{ cursor: 'pointer' }}>
        <Icon icon="Menu" size={24} />
      </Box>
      <Box flexGrow={1} />
      <LanguageMenu />
      {session && session.email ? <LoggedIn session={session as never} paths={paths} /> : ''}
    </NavBar>
  );
};

export default TopBar;
