/** The kinds of change the history records (docs/product.md, "History"). */
export const HISTORY_ACTIONS = [
  'create', 'edit', 'delete', 'launch', 'finish', 'convert', 'markLost', 'import', 'importUndo',
  'tokenIssue', 'tokenRevoke', 'take', 'assign', 'unassign',
] as const;
export type HistoryAction = (typeof HISTORY_ACTIONS)[number];

export const VIAS = ['panel', 'api', 'import', 'system'] as const;

/** One field of a change: its value before and after (null: none). A secret field has neither (`password`). */
export interface Change {
  field: string;
  from?: unknown;
  to?: unknown;
}
