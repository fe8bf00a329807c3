import React from 'react';
import type { BasePropertyProps } from 'adminjs';

type Props = BasePropertyProps & { OriginalComponent?: React.ComponentType<BasePropertyProps> };

/**
 * Overrides AdminJS's list cells of money and dates (DefaultCurrencyListProperty, DefaultDatetimeListProperty):
 * the same value, kept on one line, so that a narrow column never breaks "2 500,00 ₽" or a date in two.
 */
const NowrapList: React.FC<Props> = ({ OriginalComponent, ...props }) =>
  OriginalComponent ? (
    <span style={{ whiteSpace: 'nowrap' }}>
      <OriginalComponent {...props} />
    </span>
  ) : null;

export default NowrapList;
