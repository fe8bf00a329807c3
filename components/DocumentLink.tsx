import React from 'react';
import { Link, Text, ValueGroup } from '@adminjs/design-system';
import { type ShowPropertyProps, useTranslation } from 'adminjs';

/** A contract's document as a download link (served by /admin/documents/:id, which checks the role). */
const DocumentLink: React.FC<ShowPropertyProps> = ({ property, record }) => {
  const { translateProperty, translateComponent } = useTranslation();
  const id = record?.params?.[property.path];
  const name = record?.params?.documentName as string | undefined;
  return (
    <ValueGroup label={translateProperty(property.label, property.resourceId)}>
      {id ? (
        <Link href={`/admin/documents/${id}`} data-testid="document-link">{name ?? translateComponent('DocumentLink.download')}</Link>
      ) : (
        <Text>{translateComponent('DocumentLink.none')}</Text>
      )}
    </ValueGroup>
  );
};

export default DocumentLink;
