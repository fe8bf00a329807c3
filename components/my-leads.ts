/**
 * «Мои лиды»: the leads list filtered to the user's working leads (assigned to them, new or in progress), newest
 * first. The server reads `status=working` and `assigneeId=<id>` (src/modules/leads/leads.admin.ts) on the partial
 * index leads_assignee_working_idx. Free of server imports: bundled with the components.
 */
import { useEffect, useState } from 'react';
import { useCurrentAdmin } from 'adminjs';
import { apiHeaders } from './panel-api';

export const MY_LEADS_ROLES = ['manager'];

export const myLeadsUrl = (userId: number | string): string =>
  `/admin/resources/leads?filters.assigneeId=${encodeURIComponent(String(userId))}&filters.status=working&sortBy=id&direction=desc`;

/** The signed-in user's id, and whether they are a manager (who gets «Мои лиды» and «Моя работа»). */
export function useManager(): { myId: number | string | undefined; isManager: boolean } {
  const [admin] = useCurrentAdmin();
  const roles = ((admin as { roles?: string[] } | null)?.roles ?? []) as string[];
  const myId = (admin as { id?: number | string } | null)?.id;
  return { myId, isManager: myId !== undefined && roles.some((r) => MY_LEADS_ROLES.includes(r)) };
}

export type MyWork = { openLeads: number; conversionsThisMonth: number; revenueThisMonth: string };

/**
 * A manager's own numbers from GET /api/v1/stats/my-work, asked again whenever `refresh` changes (the sidebar: at
 * every move in the panel, so the count follows a take or an assignment); null for others, until loaded, or when
 * the first call fails (a later failure keeps the last numbers).
 */
export function useMyWork(enabled: boolean, language: string | undefined, refresh?: string): MyWork | null {
  const [work, setWork] = useState<MyWork | null>(null);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    fetch('/api/v1/stats/my-work', { credentials: 'same-origin', headers: apiHeaders(language) })
      .then((r) => (r.ok ? r.json() : null))
      .then((body: MyWork | null) => live && body && setWork(body))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [enabled, language, refresh]);
  return enabled ? work : null;
}
