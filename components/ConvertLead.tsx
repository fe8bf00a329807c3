import React, { useEffect, useState } from 'react';
import { Box, Button, FormGroup, FormMessage, H3, Input, Label, Loader, MessageBox, Text } from '@adminjs/design-system';
import { ApiClient, type ActionProps, useNotice, useTranslation, ViewHelpers } from 'adminjs';
import { useNavigate } from 'react-router';
import DocumentDrop from './DocumentDrop';
import { parseMoney } from './money';

const api = new ApiClient();
const h = new ViewHelpers();
const pad = (n: number) => String(n).padStart(2, '0');
const todayLocal = () => {
  const d = new Date();
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};

interface Defaults {
  name: string;
  serviceId: number;
  serviceName: string;
  amount: string;
}

type Errors = Record<string, { message: string }>;

/** The manager's Convert form: the first contract of the new customer; one submit, one transaction. */
const ConvertLead: React.FC<ActionProps> = ({ record, resource, action }) => {
  const { translateComponent: tc, translateMessage: tm, i18n } = useTranslation();
  const addNotice = useNotice();
  const navigate = useNavigate();
  const [defaults, setDefaults] = useState<Defaults | null>(null);
  const [form, setForm] = useState({ name: '', amount: '', signedOn: todayLocal(), startsOn: todayLocal(), endsOn: '' });
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<Errors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [customer, setCustomer] = useState<{ id: string; title: string } | null>(null);
  const status = record?.params?.status as string;

  useEffect(() => {
    api
      .recordAction({ resourceId: resource.id, recordId: String(record!.id), actionName: 'convert' })
      .then((res) => {
        const { defaults: d, customer: c } = res.data as { defaults?: Defaults; customer?: { id: string; title: string } | null };
        if (c) setCustomer(c);
        if (d) {
          setDefaults(d);
          setForm((f) => ({ ...f, name: d.name, amount: d.amount }));
        }
      })
      .catch(() => setMessage(tm('internalError')));
  }, [record?.id]);

  // Back after converting, or an old link: the lead is a customer already; the way to it instead of a second form.
  if (status === 'converted') {
    const href = customer ? h.recordActionUrl({ resourceId: 'customers', recordId: customer.id, actionName: 'show' }) : '';
    return (
      <Box variant="white" data-testid="already-converted">
        <MessageBox variant="info" message={tc('ConvertLead.alreadyConverted')} mb="lg" />
        {customer && (
          <Button as="a" href={href} variant="contained" onClick={(e: React.MouseEvent) => (e.preventDefault(), navigate(href))} data-testid="converted-customer">
            {tc('ConvertLead.openCustomer')}: {customer.title}
          </Button>
        )}
      </Box>
    );
  }
  if (status === 'lost') return <MessageBox variant="info" message={tc('ConvertLead.lost')} />;
  if (!defaults && !message) return <Loader />;

  const set = (key: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [key]: e.target.value });

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (busy) return; // a double click sends one request; the server also refuses a second conversion
    setBusy(true);
    setErrors({});
    setMessage(null);
    const data = new FormData();
    // the amount as the panel's language types it (`40 000,50`; in English `40,000.50`); else as typed, for the
    // server's message by the field
    Object.entries(form).forEach(([k, v]) => data.append(k, k === 'amount' ? (parseMoney(v, i18n.language ?? 'ru') ?? v) : v));
    if (defaults) data.append('serviceId', String(defaults.serviceId));
    if (file) data.append('document', file);
    try {
      const res = await api.recordAction({ resourceId: resource.id, recordId: String(record!.id), actionName: 'convert', data });
      const body = res.data as { notice?: { message: string; type: 'success' | 'error' }; errors?: Errors; redirectUrl?: string };
      if (body.notice) addNotice(body.notice);
      if (body.redirectUrl) {
        navigate(body.redirectUrl);
        return;
      }
      setErrors(body.errors ?? {});
      setMessage(body.notice?.message ?? null);
    } catch {
      setMessage(tm('internalError'));
    }
    setBusy(false);
  };

  const field = (key: keyof typeof form, type = 'text', required = true) => (
    <FormGroup error={!!errors[key]}>
      <Label required={required}>{tc(`ConvertLead.${key}`)}</Label>
      <Input name={key} type={type} value={form[key]} onChange={set(key)} width={1} />
      <FormMessage>{errors[key]?.message}</FormMessage>
    </FormGroup>
  );

  return (
    <Box as="form" onSubmit={submit} variant="white" data-testid="convert-form">
      <H3>{tc('ConvertLead.title')}</H3>
      {defaults && <Text mb="lg">{tc('ConvertLead.service')}: {defaults.serviceName}</Text>}
      {message && <MessageBox variant="danger" message={message} mb="lg" />}
      {field('name')}
      {field('amount')}
      {field('signedOn', 'date')}
      {field('startsOn', 'date')}
      {field('endsOn', 'date')}
      <FormGroup error={!!errors.document}>
        <Label>{tc('ConvertLead.document')}</Label>
        <DocumentDrop maxBytes={Number(action.custom?.maxDocumentBytes) || 20 * 1024 * 1024} onChange={setFile} />
        <FormMessage>{errors.document?.message}</FormMessage>
      </FormGroup>
      <Button variant="contained" type="submit" disabled={busy} data-testid="convert-submit">
        {busy ? <Loader /> : null}
        {tc('ConvertLead.submit')}
      </Button>
    </Box>
  );
};

export default ConvertLead;
