import React, { useLayoutEffect, useRef } from 'react';
import type { BasePropertyProps } from 'adminjs';

type Props = BasePropertyProps & { OriginalComponent?: React.ComponentType<BasePropertyProps> };

/**
 * Overrides AdminJS's list cells of text and references (DefaultListProperty, DefaultReferenceListProperty): the
 * value on one line, cut with «…» past the column's width (components/styles/crm.css, `.crm-ellipsis`), the whole
 * text on hover (its title), so a long name makes no tall wrapped row.
 */
const EllipsisList: React.FC<Props> = ({ OriginalComponent, ...props }) => {
  const ref = useRef<HTMLSpanElement>(null);
  useLayoutEffect(() => {
    const text = ref.current?.textContent?.trim() ?? '';
    if (ref.current) ref.current.title = text;
  });
  return OriginalComponent ? (
    <span ref={ref} className="crm-ellipsis" data-testid="list-cell-text">
      <OriginalComponent {...props} />
    </span>
  ) : null;
};

export default EllipsisList;
