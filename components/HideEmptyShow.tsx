import React from 'react';
import type { BasePropertyProps } from 'adminjs';

type Props = BasePropertyProps & { OriginalComponent?: React.ComponentType<BasePropertyProps> };

/**
 * Overrides AdminJS's show of text, long text, money and references: a field with no value is left off the card
 * instead of standing there as a bare label («Причина отказа» on a lead that was never lost).
 */
const HideEmptyShow: React.FC<Props> = ({ OriginalComponent, ...props }) => {
  const value = props.record?.params[props.property.path];
  if (value === null || value === undefined || value === '') return null;
  return OriginalComponent ? <OriginalComponent {...props} /> : null;
};

export default HideEmptyShow;
