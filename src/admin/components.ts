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
  LeadContactEdit: add('LeadContactEdit', 'LeadContactEdit.tsx'),
  RelatedLink: add('RelatedLink', 'RelatedLink.tsx'),
  DocumentLink: add('DocumentLink', 'DocumentLink.tsx'),
  DocumentEdit: add('DocumentEdit', 'DocumentEdit.tsx'),
  ApiTokenIssue: add('ApiTokenIssue', 'ApiTokenIssue.tsx'),
  ImportLeads: add('ImportLeads', 'ImportLeads.tsx'),
  EnumArrayValue: add('EnumArrayValue', 'EnumArrayValue.tsx'),
  ConfirmAction: add('ConfirmAction', 'ConfirmAction.tsx'),
  ContactValue: add('ContactValue', 'ContactValue.tsx'),
  CustomerContracts: add('CustomerContracts', 'CustomerContracts.tsx'),
  ReadOnlyNotice: add('ReadOnlyNotice', 'ReadOnlyNotice.tsx'),
  ExportList: add('ExportList', 'ExportList.tsx'),
  AssignLeads: add('AssignLeads', 'AssignLeads.tsx'),
  AssigneeEdit: add('AssigneeEdit', 'AssigneeEdit.tsx'),
  AssigneeFilter: add('AssigneeFilter', 'AssigneeFilter.tsx'),
  RecordHistory: add('RecordHistory', 'RecordHistory.tsx'),
};

// AdminJS's own property components, replaced everywhere: the calendars and selects of the design system
// hard-code English texts (month and weekday names, "Select..."), list cells may break money or a date in two, and
// dates print as `2026-11-30 20:40` in every language.
const override = (name: string, file: string) => componentLoader.override(name, path.join(projectRoot, 'components', file));
override('DefaultDatetimeEditProperty', 'DatetimeEdit.tsx');
override('DefaultDatetimeFilterProperty', 'DatetimeFilter.tsx');
override('DefaultReferenceEditProperty', 'ReferenceEdit.tsx');
override('DefaultReferenceFilterProperty', 'ReferenceFilter.tsx');
override('DefaultEditProperty', 'SelectEdit.tsx');
override('DefaultFilterProperty', 'SelectFilter.tsx');
override('DefaultBooleanFilterProperty', 'BooleanFilter.tsx');
override('DefaultBooleanEditProperty', 'BooleanEdit.tsx');
// Money in the configured currency, written as the panel's language writes it, on one line.
override('DefaultCurrencyListProperty', 'MoneyValue.tsx');
override('DefaultCurrencyShowProperty', 'MoneyValue.tsx');
// Names and references on one line, cut with «…», the whole text on hover: no tall wrapped rows.
override('DefaultListProperty', 'EllipsisList.tsx');
override('DefaultReferenceListProperty', 'EllipsisList.tsx');
// Money typed as people type it (`40 000,50`, `40000.50`), shown as in the lists when not being edited.
override('DefaultCurrencyEditProperty', 'MoneyEdit.tsx');
override('DefaultDatetimeListProperty', 'DatetimeValue.tsx');
override('DefaultDatetimeShowProperty', 'DatetimeValue.tsx');
for (const kind of ['', 'Textarea', 'Reference']) override(`Default${kind}ShowProperty`, 'HideEmptyShow.tsx');
// The user menu's logout is a link in AdminJS; ours posts a form (a GET must not log anybody out).
override('LoggedIn', 'LoggedIn.tsx');
// The top bar's language menu closes once a language is chosen (AdminJS's stays open under the pointer).
override('TopBar', 'TopBar.tsx');
// Pages that AdminJS answers with a bare 404 say why instead (a refusal names who may open it; a missing record is
// «Запись не найдена»; components/route-messages.tsx); record pages are headed by the record's title.
override('ResourceRoute', 'ResourceRoute.tsx');
override('ResourceActionRoute', 'ResourceActionRoute.tsx');
override('RecordActionRoute', 'RecordActionRoute.tsx');
override('ActionHeader', 'ActionHeader.tsx');
// A refused save brings the first field in error into view and focuses it.
override('DefaultNewAction', 'FormErrorFocus.tsx');
override('DefaultEditAction', 'FormErrorFocus.tsx');
// The header's «select all» box of every list is ticked when every row of the page is, not as soon as one is
// (AdminJS 7 asks whether some row is ticked): the table tells its header (RecordsTable.tsx, RecordsTableHeader.tsx).
override('RecordsTable', 'RecordsTable.tsx');
override('RecordsTableHeader', 'RecordsTableHeader.tsx');
// The sidebar's groups open until closed, so the main sections are on the first screen.
override('SidebarResourceSection', 'SidebarResourceSection.tsx');
