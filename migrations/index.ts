import { CreateCrmSchema1764000000000 } from './1764000000000-CreateCrmSchema.js';
import { CreateApiTokens1764000000100 } from './1764000000100-CreateApiTokens.js';
import { MaintainCampaignStatsRollup1764000000200 } from './1764000000200-MaintainCampaignStatsRollup.js';
import { RecordImportReports1764000000300 } from './1764000000300-RecordImportReports.js';
import { IndexLeadsByCampaignAndId1764000000400 } from './1764000000400-IndexLeadsByCampaignAndId.js';
import { CreateIdempotencyKeys1764000000500 } from './1764000000500-CreateIdempotencyKeys.js';
import { StoreImportProblemsAsCodes1764000000600 } from './1764000000600-StoreImportProblemsAsCodes.js';
import { AddLeadAssignee1764000000700 } from './1764000000700-AddLeadAssignee.js';
import { CreateRecordHistory1764000000800 } from './1764000000800-CreateRecordHistory.js';
import { FoldLeadNamesForSearch1764000000900 } from './1764000000900-FoldLeadNamesForSearch.js';
import { FoldCustomerNamesForSearch1764000001000 } from './1764000001000-FoldCustomerNamesForSearch.js';

/** Every migration, in order. Listed explicitly: globbing for files does not work the same under ESM, tsx and jest. */
export const migrations = [
  CreateCrmSchema1764000000000,
  CreateApiTokens1764000000100,
  MaintainCampaignStatsRollup1764000000200,
  RecordImportReports1764000000300,
  IndexLeadsByCampaignAndId1764000000400,
  CreateIdempotencyKeys1764000000500,
  StoreImportProblemsAsCodes1764000000600,
  AddLeadAssignee1764000000700,
  CreateRecordHistory1764000000800,
  FoldLeadNamesForSearch1764000000900,
  FoldCustomerNamesForSearch1764000001000,
];
