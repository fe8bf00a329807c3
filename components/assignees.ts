/**
 * Who may be made responsible for leads (active managers and admins), from GET /api/v1/leads/assignees: the
 * assignee filter, the new lead's picker, «Назначить» and the import's managers all ask it. Bundled with the components.
 */
import { useEffect, useState } from 'react';
import { apiHeaders } from './panel-api';

export type Assignee = { id: number; fullName: string };

/** The users a lead may be given to; empty until loaded (or when the call fails: the server decides anyway). */
export function useAssignees(language: string | undefined): Assignee[] {
  const [items, setItems] = useState<Assignee[]>([]);
  useEffect(() => {
    let live = true;
    fetch('/api/v1/leads/assignees', { credentials: 'same-origin', headers: apiHeaders(language) })
      .then((r) => (r.ok ? r.json() : { items: [] }))
      .then((body: { items: Assignee[] }) => live && setItems(body.items))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [language]);
  return items;
}
