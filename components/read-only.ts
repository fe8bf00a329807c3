import type { PropertyJSON, RecordJSON } from 'adminjs';

/**
 * Whether the server will refuse to change this field of this record (it sends the list as `readOnlyFields` with
 * the edit form's record, src/admin/read-only.ts): the field is then shown disabled.
 */
export function isReadOnly(record: RecordJSON | undefined, path: string): boolean {
  const fields = record?.params?.readOnlyFields;
  return typeof fields === 'string' && fields.split(',').includes(path);
}

/** The property as the edit component should draw it: disabled when the server will refuse a change. */
export function withReadOnly<P extends PropertyJSON>(property: P, record: RecordJSON | undefined): P {
  return isReadOnly(record, property.path) && !property.isDisabled ? { ...property, isDisabled: true } : property;
}
