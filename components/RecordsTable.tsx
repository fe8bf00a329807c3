import React, { createContext } from 'react';
import type { RecordsTableProps } from 'adminjs';

/**
 * Whether every row of the page that can be ticked is ticked, for the header's «select all» box
 * (RecordsTableHeader.tsx); undefined outside this table.
 */
export const AllTickedContext = createContext<boolean | undefined>(undefined);

type Props = RecordsTableProps & { OriginalComponent?: React.ComponentType<RecordsTableProps> };

/** The list cells cut with «…» (EllipsisList): text and references, but a phone and a status, which stay whole. */
const CUT_TYPES: string[] = ['string', 'textarea', 'reference'];
const UNCUT = ['phone', 'status'];

/**
 * Overrides AdminJS's list table (RecordsTable) only to tell its header whether the whole page is ticked: AdminJS 7
 * ticks the header's box as soon as one row is ticked (it asks whether some row is selected, not every one), so
 * users read «all ticked» with 2 of 5 rows ticked. The table itself, its rows and the bar of the ticked rows stay
 * AdminJS's. The same rule as AdminJS's «select all» (useSelectedRecords): rows without bulk actions have no box and
 * do not count; a page with none is never «all ticked».
 *
 * It also shares the room for cut-off names among the list's own such columns (`--crm-ellipsis-width`,
 * styles/crm.css): 40% of the list's width over their number, so the services list's one name is not cut at the
 * tenth of the width the leads list's four need.
 */
const RecordsTable: React.FC<Props> = ({ OriginalComponent, ...props }) => {
  const tickable = props.records.filter((record) => record.bulkActions.length);
  const selected = props.selectedRecords ?? [];
  const allTicked = tickable.length > 0 && tickable.every((record) => selected.some((s) => s.id === record.id));
  const cut = props.resource.listProperties.filter((p) => CUT_TYPES.includes(p.type) && !UNCUT.includes(p.propertyPath) && !p.components?.list).length;
  const style = { display: 'contents', '--crm-ellipsis-width': `${Math.round(40 / Math.max(cut, 1))}cqw` } as React.CSSProperties;
  return OriginalComponent ? (
    <AllTickedContext.Provider value={allTicked}>
      <div style={style}>
        <OriginalComponent {...props} />
      </div>
    </AllTickedContext.Provider>
  ) : null;
};

export default RecordsTable;
