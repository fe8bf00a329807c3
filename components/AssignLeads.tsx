import React, { useState } from 'react';
import { Box, Button, FormGroup, FormMessage, H3, Label, Select, Text } from '@adminjs/design-system';
import { ApiClient, type ActionProps, useNotice, useTranslation, ViewHelpers } from 'adminjs';
import { useNavigate } from 'react-router';
import { useAssignees, type AssigneeOption as Option } from './assignees';
import { useSelectTexts } from './ui-texts';

const api = new ApiClient();
const h = new ViewHelpers();
type Answer = { notice?: { message: string; type: 'success' | 'error' }; redirectUrl?: string; errors?: Record<string, { message: string }> };

/**
 * «Назначить» (one lead, or the leads chosen in the list) with a manager picker, and «Снять назначение» for the
 * chosen leads, once confirmed. The server decides everything (who may, to whom, which leads): all or none.
 */
const AssignLeads: React.FC<ActionProps> = ({ action, record, records, resource }) => {
  const { i18n, translateComponent: tc, translateMessage: tm } = useTranslation();
  const texts = useSelectTexts();
  const addNotice = useNotice();
  const navigate = useNavigate();
  const assignees = useAssignees(i18n.language);
  const [assignee, setAssignee] = useState<Option | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const unassign = action.name.toLowerCase().includes('unassign');
  const ids = record ? [String(record.id)] : (records ?? []).map((r) => String(r.id));
  const back = () => navigate(record ? h.recordActionUrl({ resourceId: resource.id, recordId: String(record.id), actionName: 'show' }) : h.resourceUrl({ resourceId: resource.id }));

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (busy) return;
    if (!unassign && !assignee) return setError(tc('Assignee.choose'));
    setBusy(true);
    try {
      const data = unassign ? {} : { assigneeId: assignee!.value };
      const res = record
        ? await api.recordAction({ resourceId: resource.id, recordId: String(record.id), actionName: action.name, data })
        : await api.bulkAction({ resourceId: resource.id, recordIds: ids, actionName: action.name, data });
      const body = res.data as Answer;
      if (body.notice) addNotice(body.notice);
      if (body.redirectUrl && body.notice?.type !== 'error') return navigate(body.redirectUrl);
      setError(body.errors?.assigneeId?.message ?? body.notice?.message ?? null);
    } catch {
      setError(tm('internalError'));
    }
    setBusy(false);
  };

  return (
    <Box as="form" onSubmit={submit} variant="white" data-testid="assign-leads">
      <H3>{tc(unassign ? 'AssignLeads.unassignTitle' : 'AssignLeads.title', resource.id, { count: ids.length } as never)}</H3>
      {unassign ? (
        <Text mb="lg">{tc('AssignLeads.unassignConfirm', resource.id, { count: ids.length } as never)}</Text>
      ) : (
        <FormGroup error={!!error}>
          <Label required htmlFor="assigneeId">{tc('AssignLeads.manager')}</Label>
          <Select
            {...texts}
            inputId="assigneeId"
            value={assignee}
            options={assignees}
            onChange={(s: Option | null) => {
              setAssignee(s);
              setError(null);
            }}
          />
          <FormMessage>{error}</FormMessage>
        </FormGroup>
      )}
      {unassign && error ? <FormMessage>{error}</FormMessage> : null}
      <Box flex flexDirection="row" style={{ gap: 8 }}>
        <Button type="button" variant="outlined" onClick={back}>{tc('AssignLeads.cancel')}</Button>
        <Button variant="contained" type="submit" disabled={busy}>{tc(unassign ? 'AssignLeads.unassignSubmit' : 'AssignLeads.submit')}</Button>
      </Box>
    </Box>
  );
};

export default AssignLeads;
