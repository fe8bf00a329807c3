import React, { useContext } from 'react';
import type { RecordsTableHeaderProps } from 'adminjs';
import { AllTickedContext } from './RecordsTable';

type Props = RecordsTableHeaderProps & { OriginalComponent?: React.ComponentType<RecordsTableHeaderProps> };

/**
 * Overrides AdminJS's list header (RecordsTableHeader): its «select all» box is ticked only when every row of the page
 * is, as our RecordsTable.tsx computes it (AdminJS's ticks it once any row is).
 */
const RecordsTableHeader: React.FC<Props> = ({ OriginalComponent, ...props }) => {
  const allTicked = useContext(AllTickedContext);
  return OriginalComponent ? <OriginalComponent {...props} selectedAll={allTicked ?? props.selectedAll} /> : null;
};

export default RecordsTableHeader;
