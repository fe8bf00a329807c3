import React from 'react';
import { Navigation } from '@adminjs/design-system';
import { type ResourceJSON, useLocalStorage, useNavigationResources, useTranslation } from 'adminjs';

/**
 * AdminJS's sidebar sections, but a group is open until the user closes it (AdminJS keeps them all closed until
 * opened one by one): «Лиды», «Кампании», «Клиенты» are on the first screen after login. What the user closes stays
 * closed (kept in localStorage, as AdminJS keeps what was opened).
 */
const SidebarResourceSection: React.FC<{ resources: ResourceJSON[] }> = ({ resources }) => {
  const elements = useNavigationResources(resources);
  const [closed, setClosed] = useLocalStorage<Record<string, boolean>>('sidebarClosedGroups', {});
  const { translateLabel } = useTranslation();
  const shown = elements.map((element) => {
    if (!element.elements) return element;
    const key = element.elements.map((e) => e.id).join(',');
    return { ...element, isOpen: !closed[key], onClick: () => setClosed({ ...closed, [key]: !closed[key] }) };
  });
  return <Navigation label={translateLabel('navigation')} elements={shown} />;
};

export default SidebarResourceSection;
