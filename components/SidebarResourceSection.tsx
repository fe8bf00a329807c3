import React from 'react';
import { Navigation } from '@adminjs/design-system';
import { type ResourceJSON, useLocalStorage, useNavigationResources, useTranslation } from 'adminjs';
import { useLocation, useNavigate } from 'react-router';
import { myLeadsUrl, useManager, useMyWork } from './my-leads';

/**
 * AdminJS's sidebar sections, but a group is open until the user closes it (AdminJS keeps them all closed until
 * opened one by one): «Лиды», «Кампании», «Клиенты» are on the first screen after login. What the user closes stays
 * closed (kept in localStorage, as AdminJS keeps what was opened).
 *
 * A manager's navigation starts with «Мои лиды» and their number (the server's count): their working leads, newest
 * first; «Лиды» below stays the full list.
 */
const SidebarResourceSection: React.FC<{ resources: ResourceJSON[] }> = ({ resources }) => {
  const elements = useNavigationResources(resources);
  const [closed, setClosed] = useLocalStorage<Record<string, boolean>>('sidebarClosedGroups', {});
  const { translateLabel, translateComponent: tc, i18n } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const { myId, isManager } = useManager();
  const count = useMyWork(isManager, i18n.language, location.pathname + location.search)?.openLeads ?? null;

  const shown = elements.map((element) => {
    if (!element.elements) return element;
    const key = element.elements.map((e) => e.id).join(',');
    return { ...element, isOpen: !closed[key], onClick: () => setClosed({ ...closed, [key]: !closed[key] }) };
  });
  if (isManager) {
    const href = myLeadsUrl(myId!);
    const selected = location.pathname.endsWith('/resources/leads') && new URLSearchParams(location.search).get('filters.assigneeId') === String(myId);
    shown.unshift({
      id: 'my-leads',
      label: `${tc('MyLeads.title')}${count === null ? '' : ` (${count})`}`,
      icon: 'Inbox',
      href,
      isSelected: selected,
      onClick: (event: React.MouseEvent) => {
        event.preventDefault();
        navigate(href);
      },
    } as (typeof shown)[number]);
  }
  return <Navigation label={translateLabel('navigation')} elements={shown} />;
};

export default SidebarResourceSection;
