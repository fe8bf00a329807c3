import React from 'react';
import { Link, ValueGroup } from '@adminjs/design-system';
import { type ShowPropertyProps, useTranslation } from 'adminjs';

/**
 * A count with a link to the filtered list it counts (a campaign's leads, a customer's contracts). The record
 * carries `<path>` (the count) and the property's `custom` says which list and filter to open.
 */
const RelatedLink: React.FC<ShowPropertyProps> = ({ property, record }) => {
  const { translateProperty, translateComponent } = useTranslation();
  const { resourceId, filter } = (property.custom ?? {}) as { resourceId: string; filter: string };
  const count = record?.params?.[property.path] ?? 0;
  const href = `/admin/resources/${resourceId}?filters.${filter}=${record?.id}`;
  return (
    <ValueGroup label={translateProperty(property.label, property.resourceId)}>
      <Link href={href} data-testid={`related-${property.path}`}>
        {count} — {translateComponent('RelatedLink.open')}
      </Link>
    </ValueGroup>
  );
};

export default RelatedLink;
