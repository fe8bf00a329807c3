import React from 'react';
import { FormGroup, FormMessage, Label, Link, Text } from '@adminjs/design-system';
import { type EditPropertyProps, useTranslation } from 'adminjs';
import DocumentDrop from './DocumentDrop';

/**
 * The contract's document on the new/edit form: the current file (when editing) and a drop zone for a new one
 * (DocumentDrop.tsx: in the panel's language, with the size limit and the chosen file's size).
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
      <DocumentDrop maxBytes={Number(property.custom?.maxBytes) || 20 * 1024 * 1024} onChange={(file) => onChange(property.path, file)} />
      <Text variant="sm" mt="sm">{tc(documentId ? 'DocumentEdit.replaceHint' : 'DocumentEdit.hint')}</Text>
      <FormMessage>{error?.message}</FormMessage>
    </FormGroup>
  );
};

export default DocumentEdit;
