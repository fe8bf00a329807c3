import React from 'react';
import { MessageBox } from '@adminjs/design-system';
import type { EditPropertyProps } from 'adminjs';

/**
 * Above an edit form: why some of its fields are read-only («Кампания завершена: бюджет и услуга только для
 * чтения»), as the server says (src/admin/read-only.ts). Nothing when every field may change.
 */
const ReadOnlyNotice: React.FC<EditPropertyProps> = ({ record }) => {
  const notice = record?.params?.readOnlyNotice;
  if (typeof notice !== 'string' || !notice) return null;
  return <MessageBox variant="info" mb="xl" message={notice} data-testid="read-only-notice" />;
};

export default ReadOnlyNotice;
