import type { ActionContext, ActionRequest } from 'adminjs';
import { actorOf } from '../../admin/resource-options.js';
import type { Limits } from '../../config.js';
import { importableCampaigns } from './import.service.js';

/**
 * The leads' `import` resource action: hands the import page its campaigns and the size limit. The page itself talks
 * to /api/v1/leads/import (a streamed upload, which AdminJS's form-data actions would buffer whole).
 */
export const importAction = (limits: Pick<Limits, 'importBytes'>) => async (_request: ActionRequest, _response: unknown, context: ActionContext) => ({
  campaigns: await importableCampaigns(actorOf(context)),
  maxBytes: limits.importBytes,
});
