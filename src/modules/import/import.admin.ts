import type { ActionContext, ActionRequest } from 'adminjs';
import { actorOf } from '../../admin/resource-options.js';
import { importableCampaigns, importLimit } from './import.service.js';

/**
 * The leads' `import` resource action: hands the import page its campaigns and the size limit. The page itself talks
 * to /api/v1/leads/import (a streamed upload, which AdminJS's form-data actions would buffer whole).
 */
export const importAction = async (_request: ActionRequest, _response: unknown, context: ActionContext) => ({
  campaigns: await importableCampaigns(actorOf(context)),
  maxBytes: importLimit(),
});
