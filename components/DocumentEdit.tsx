import React from 'react';
import { DropZone, FormGroup, FormMessage, Label, Link, Text } from '@adminjs/design-system';
import { type EditPropertyProps, useTranslation } from 'adminjs';

/**
 * The contract's document on the new/edit form: the current file (when editing) and a drop zone for a new one.
 * The chosen File goes into the record's params, and AdminJS sends it in the form's multipart body; the server
 * checks its size and real type and stores it with the contract in one transaction.
 */
const DocumentEdit: React.FC<EditPropertyProps> = ({ property, record, onChange }) => {
  const { translateProperty, translateComponent: tc } = useTranslation();
  const documentId = record?.params?.documentId as string | number | undefined;
  const currentName = record?.params?.documentName as string | undefined;
  const error = record?.errors?.[property.path];
  return (
    <FormGroup error={!!error} data-testid="document-edit">
      <Label>{translateProperty(property.label, property.resourceId)}</Label>
      {documentId ? (
        <Text mb="default" data-testid="document-current">
          {tc('DocumentEdit.current')}: <Link href={`/admin/documents/${documentId}`}>{currentName ?? tc('DocumentLink.download')}</Link>
        </Text>
      ) : null}
      <DropZone
        multiple={false}
        validate={{ maxSize: Number(property.custom?.maxBytes) || 20 * 1024 * 1024, mimeTypes: [] }}
        onChange={(files: File[]) => onChange(property.path, files[0] ?? null)}
      />
      <Text variant="sm" mt="sm">{tc(documentId ? 'DocumentEdit.replaceHint' : 'DocumentEdit.hint')}</Text>
      <FormMessage>{error?.message}</FormMessage>
    </FormGroup>
  );
};

export default DocumentEdit;
