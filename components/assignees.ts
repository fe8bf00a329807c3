/**
 * Who may be made responsible for leads (active managers and admins), from GET /api/v1/leads/assignees: the
 * assignee filter, the new lead's picker, «Назначить» and the import's managers all ask it. Bundled with the components.
 */
import { useEffect, useState } from 'react';
import { apiHeaders } from './panel-api';
import type { ValueOption } from './ui-texts';

type Assignee = { id: number; fullName: string };

/** A select's option of a user: the user's id as text, and their name. */
export type AssigneeOption = ValueOption<string>;

/**
 * The users a lead may be given to, as a select's options by name; empty until loaded (or when the call fails: the
 * server decides anyway).
 */
export function useAssignees(language: string | undefined): AssigneeOption[] {
  const [items, setItems] = useState<AssigneeOption[]>([]);
  useEffect(() => {
    let live = true;
    fetch('/api/v1/leads/assignees', { credentials: 'same-origin', headers: apiHeaders(language) })
      .then((r) => (r.ok ? r.json() : { items: [] }))
      .then((body: { items: Assignee[] }) => live && setItems(body.items.map((a) => ({ value: String(a.id), label: a.fullName }))))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [language]);
  return items;
}
