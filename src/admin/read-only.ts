import type { ActionContext, ActionResponse, PropertyOptions, RecordActionResponse } from 'adminjs';
import { Components } from './components.js';
import { renderMessage, type Message } from '../shared/i18n/render.js';
import { panelLanguageOf } from './resource-options.js';

/**
 * Tells an edit form which fields the service will refuse to change on this record, and why: the form shows them
 * read-only with the reason above (components/ReadOnlyNotice.tsx, read-only.ts), instead of a refusal after
 * «Сохранить». The service still refuses them (the rule lives there: campaignReadOnlyFields, leadReadOnlyFields).
 */
export function markReadOnly(response: ActionResponse, context: ActionContext, fields: string[], reason: Message | null): ActionResponse {
  const record = (response as RecordActionResponse).record;
  if (!record?.params) return response;
  if (fields.length && reason) {
    record.params.readOnlyFields = fields.join(',');
    record.params.readOnlyNotice = renderMessage(reason, panelLanguageOf(context));
  } else {
    delete record.params.readOnlyFields;
    delete record.params.readOnlyNotice;
  }
  return response;
}

/** The virtual edit property that carries the notice; first in a resource's editProperties. */
export const READ_ONLY_NOTICE = 'readOnlyNotice';

export const readOnlyNoticeProperty: PropertyOptions = {
  type: 'string',
  isVisible: { list: false, show: false, filter: false, edit: true },
  components: { edit: Components.ReadOnlyNotice },
};
