/**
 * «Мои лиды»: the leads list filtered to the user's working leads (assigned to them, new or in progress), newest
 * first. The server reads `status=working` and `assigneeId=<id>` (src/modules/leads/leads.admin.ts) on the partial
 * index leads_assignee_working_idx. Free of server imports: bundled with the components.
 */
export const MY_LEADS_ROLES = ['manager'];

export const myLeadsUrl = (userId: number | string): string =>
  `/admin/resources/leads?filters.assigneeId=${encodeURIComponent(String(userId))}&filters.status=working&sortBy=id&direction=desc`;
