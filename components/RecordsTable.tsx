import React, { createContext } from 'react';
import type { RecordsTableProps } from 'adminjs';

/**
 * Whether every row of the page that can be ticked is ticked, for the header's «select all» box
 * (RecordsTableHeader.tsx); undefined outside this table.
 */
export const AllTickedContext = createContext<boolean | undefined>(undefined);

type Props = RecordsTableProps & { OriginalComponent?: React.ComponentType<RecordsTableProps> };

/**
 * Overrides AdminJS's list table (RecordsTable) only to tell its header whether the whole page is ticked: AdminJS 7
 * ticks the header's box as soon as one row is ticked (it asks whether some row is selected, not every one), so
 * users read «all ticked» with 2 of 5 rows ticked. The table itself, its rows and the bar of the ticked rows stay
 * AdminJS's. The same rule as AdminJS's «select all» (useSelectedRecords): rows without bulk actions have no box and
 * do not count; a page with none is never «all ticked».
 */
const RecordsTable: React.FC<Props> = ({ OriginalComponent, ...props }) => {
  const tickable = props.records.filter((record) => record.bulkActions.length);
  const selected = props.selectedRecords ?? [];
  const allTicked = tickable.length > 0 && tickable.every((record) => selected.some((s) => s.id === record.id));
  return OriginalComponent ? (
    <AllTickedContext.Provider value={allTicked}>
      <OriginalComponent {...props} />
    </AllTickedContext.Provider>
  ) : null;
};

export default RecordsTable;
