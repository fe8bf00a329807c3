import React, { useEffect, useState } from 'react';
import { Box, Button, FormGroup, FormMessage, H3, Icon, Input, Label, MessageBox, Select, Text } from '@adminjs/design-system';
import { ApiClient, type ActionProps, useNotice, useTranslation } from 'adminjs';
import { useSelectTexts } from './ui-texts';

const api = new ApiClient();

interface Option {
  value: string;
  label: string;
}

/** Issue an API token: pick the user, name the token; the secret is shown here once and never again. */
const ApiTokenIssue: React.FC<ActionProps> = ({ resource }) => {
  const { translateComponent: tc, translateMessage: tm } = useTranslation();
  const addNotice = useNotice();
  const selectTexts = useSelectTexts();
  const [users, setUsers] = useState<Option[]>([]);
  const [user, setUser] = useState<Option | null>(null);
  const [name, setName] = useState('');
  const [expiresOn, setExpiresOn] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [secret, setSecret] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);

  /** Copies the secret; where the clipboard is refused (no HTTPS, no permission) the text is selected for Ctrl+C. */
  const copy = async () => {
    try {
      if (!navigator.clipboard?.writeText) throw new Error('no clipboard');
      await navigator.clipboard.writeText(secret ?? '');
      setCopied('yes');
    } catch {
      const box = document.querySelector<HTMLInputElement>('[data-testid="api-token-secret"]');
      box?.focus();
      box?.select();
      setCopied('no');
    }
  };

  useEffect(() => {
    api.searchRecords({ resourceId: 'users', query: '' }).then((records) => setUsers(records.map((r) => ({ value: String(r.id), label: r.title }))));
  }, []);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    try {
      const res = await api.resourceAction({ resourceId: resource.id, actionName: 'issue', method: 'post', data: { userId: user?.value ?? '', name, expiresOn } });
      const body = res.data as { secret?: string; notice?: { message: string; type: 'success' | 'error' }; errors?: Record<string, { message: string }> };
      if (body.notice) addNotice(body.notice);
      if (body.secret) setSecret(body.secret);
      else setErrors(Object.fromEntries(Object.entries(body.errors ?? {}).map(([k, v]) => [k, v.message])));
    } catch {
      addNotice({ message: tm('internalError'), type: 'error' });
    }
    setBusy(false);
  };

  if (secret) {
    return (
      <Box variant="white">
        <H3>{tc('ApiTokenIssue.issued')}</H3>
        <MessageBox variant="info" message={tc('ApiTokenIssue.copyNow')} />
        <Box mt="lg" flex alignItems="center" style={{ gap: 8 }}>
          <Input data-testid="api-token-secret" value={secret} readOnly width={1} onFocus={(e: React.FocusEvent<HTMLInputElement>) => e.target.select()} />
          <Button type="button" variant="contained" onClick={copy} data-testid="api-token-copy" style={{ whiteSpace: 'nowrap' }}>
            <Icon icon="Copy" />
            {tc('ApiTokenIssue.copy')}
          </Button>
        </Box>
        {copied && (
          <Text mt="sm" variant="sm" role="status" data-testid="api-token-copied" color={copied === 'yes' ? 'success' : 'grey80'}>
            {tc(copied === 'yes' ? 'ApiTokenIssue.copied' : 'ApiTokenIssue.copyByHand')}
          </Text>
        )}
        <Text mt="default" variant="sm">{tc('ApiTokenIssue.usage')}</Text>
      </Box>
    );
  }

  return (
    <Box as="form" onSubmit={submit} variant="white">
      <H3>{tc('ApiTokenIssue.title')}</H3>
      <FormGroup error={!!errors.userId}>
        <Label required htmlFor="api-token-user">{tc('ApiTokenIssue.user')}</Label>
        <Select {...selectTexts} inputId="api-token-user" value={user} options={users} onChange={(o: Option | null) => setUser(o)} />
        <FormMessage>{errors.userId}</FormMessage>
      </FormGroup>
      <FormGroup error={!!errors.name}>
        <Label required htmlFor="api-token-name">{tc('ApiTokenIssue.name')}</Label>
        <Input id="api-token-name" name="name" value={name} width={1} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setName(e.target.value)} />
        <FormMessage>{errors.name}</FormMessage>
      </FormGroup>
      <FormGroup error={!!errors.expiresOn}>
        <Label>{tc('ApiTokenIssue.expiresOn')}</Label>
        <Input name="expiresOn" type="date" value={expiresOn} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setExpiresOn(e.target.value)} />
        <FormMessage>{errors.expiresOn}</FormMessage>
      </FormGroup>
      <Button variant="contained" type="submit" disabled={busy}>{tc('ApiTokenIssue.submit')}</Button>
    </Box>
  );
};

export default ApiTokenIssue;
