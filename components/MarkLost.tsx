import React, { useState } from 'react';
import { Box, Button, FormGroup, FormMessage, H3, Label, MessageBox, TextArea } from '@adminjs/design-system';
import { ApiClient, type ActionProps, useNotice, useTranslation } from 'adminjs';
import { useNavigate } from 'react-router';

const api = new ApiClient();

/** Mark lost: asks for the reason, then sets the lead's status. */
const MarkLost: React.FC<ActionProps> = ({ record, resource }) => {
  const { translateComponent: tc, translateMessage: tm } = useTranslation();
  const addNotice = useNotice();
  const navigate = useNavigate();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const status = record?.params?.status as string;
  if (status === 'converted' || status === 'lost') {
    return <MessageBox variant="info" message={tc(status === 'converted' ? 'ConvertLead.alreadyConverted' : 'ConvertLead.lost')} />;
  }

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    try {
      const res = await api.recordAction({ resourceId: resource.id, recordId: String(record!.id), actionName: 'markLost', data: { reason } });
      const body = res.data as { notice?: { message: string; type: 'success' | 'error' }; errors?: Record<string, { message: string }>; redirectUrl?: string };
      if (body.notice) addNotice(body.notice);
      if (body.redirectUrl) return navigate(body.redirectUrl);
      setError(body.errors?.reason?.message ?? body.notice?.message ?? null);
    } catch {
      setError(tm('internalError'));
    }
    setBusy(false);
  };

  return (
    <Box as="form" onSubmit={submit} variant="white">
      <H3>{tc('MarkLost.title')}</H3>
      <FormGroup error={!!error}>
        <Label required>{tc('MarkLost.reason')}</Label>
        <TextArea name="reason" value={reason} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setReason(e.target.value)} width={1} rows={4} />
        <FormMessage>{error}</FormMessage>
      </FormGroup>
      <Button variant="contained" type="submit" disabled={busy}>{tc('MarkLost.submit')}</Button>
    </Box>
  );
};

export default MarkLost;
