import path from 'node:path';
import { ComponentLoader } from 'adminjs';
import { projectRoot } from '../shared/paths.js';

/** The one registry of our React components (components/*.tsx), bundled by AdminJS. */
export const componentLoader = new ComponentLoader();

const add = (name: string, file: string) => componentLoader.add(name, path.join(projectRoot, 'components', file));

export const Components = {
  Dashboard: add('Dashboard', 'Dashboard.tsx'),
  DateEdit: add('DateEdit', 'DateEdit.tsx'),
  ConvertLead: add('ConvertLead', 'ConvertLead.tsx'),
  MarkLost: add('MarkLost', 'MarkLost.tsx'),
  RelatedLink: add('RelatedLink', 'RelatedLink.tsx'),
  DocumentLink: add('DocumentLink', 'DocumentLink.tsx'),
};
