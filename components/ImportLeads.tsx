import React, { useEffect, useState } from 'react';
import { Box, Button, FormGroup, H3, Label, Loader, MessageBox, Select, Table, TableBody, TableCell, TableHead, TableRow, Text } from '@adminjs/design-system';
import { ApiClient, type ActionProps, useTranslation } from 'adminjs';
import { apiHeaders, apiLanguageOf } from './panel-api';
import { useSelectTexts } from './ui-texts';
import { useAssignees } from './assignees';

const api = new ApiClient();
const FIELDS = ['lastName', 'firstName', 'middleName', 'fullName', 'phone', 'email', 'notes'] as const;
const SNIFF_BYTES = 64 * 1024;

type Mapping = Partial<Record<(typeof FIELDS)[number], number>>;
interface Campaign { id: number; name: string; status: string; lastBatch: { id: string; created: number; undone: boolean } | null }
interface Preview { encoding: string; delimiter: string; columns: string[]; mapping: Mapping; sample: string[][] }
interface Summary { batchId: string | null; dryRun: boolean; rows: number; created: number; duplicates: number; invalid: number; errors: { line: number; reason: string }[] }
type Option = { value: string; label: string };

/**
 * Sends the file with XMLHttpRequest (fetch has no upload progress) and reports the bytes sent; the answer (refusals,
 * reasons of rejected rows) comes in the panel's language.
 */
function send(url: string, body: Blob, language: string, onProgress: (sent: number, total: number) => void): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('content-type', 'text/csv');
    for (const [name, value] of Object.entries(apiHeaders(language))) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.total);
    xhr.onload = () => {
      let json: any = null;
      try {
        json = JSON.parse(xhr.responseText);
      } catch {
        json = { error: { message: xhr.statusText } };
      }
      resolve({ status: xhr.status, json });
    };
    xhr.onerror = () => reject(new Error('network'));
    xhr.send(body);
  });
}

const errorOf = (json: any) => json?.error?.message ?? 'Error';

/** Leads → Import: campaign, file, detected format and column mapping, dry run, import with progress, report, undo. */
const ImportLeads: React.FC<ActionProps> = ({ resource }) => {
  const { translateComponent: tc, i18n } = useTranslation();
  const language = apiLanguageOf(i18n.language);
  const t = (key: string, options?: Record<string, unknown>) => tc(`ImportLeads.${key}`, resource.id, options as never);
  const selectTexts = useSelectTexts();
  const [campaigns, setCampaigns] = useState<Campaign[] | null>(null);
  const [maxBytes, setMaxBytes] = useState(0);
  const [campaignId, setCampaignId] = useState<string>('');
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [encoding, setEncoding] = useState('');
  const [delimiter, setDelimiter] = useState('');
  const [mapping, setMapping] = useState<Mapping>({});
  const [duplicates, setDuplicates] = useState<'skip' | 'create'>('skip');
  // The responsible managers: none, one for the whole file, or several in turn (spread evenly by the server).
  const [assigneeIds, setAssigneeIds] = useState<string[]>([]);
  const assignees = useAssignees(language);
  const [progress, setProgress] = useState<{ sent: number; total: number } | null>(null);
  const [summary, setSummary] = useState<Summary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const loadCampaigns = () =>
    api.resourceAction({ resourceId: resource.id, actionName: 'import' }).then((res) => {
      const data = res.data as { campaigns?: Campaign[]; maxBytes?: number };
      setCampaigns(data.campaigns ?? []);
      setMaxBytes(data.maxBytes ?? 0);
    });
  useEffect(() => {
    loadCampaigns();
  }, []);

  const query = (extra: Record<string, string>) =>
    new URLSearchParams({ campaignId, duplicates, ...(assigneeIds.length ? { assigneeIds: assigneeIds.join(',') } : {}), mapping: JSON.stringify(mapping), ...(encoding ? { encoding } : {}), ...(delimiter ? { delimiter } : {}), ...extra }).toString();

  const readHead = async (f: File, enc = encoding, delim = delimiter) => {
    setError(null);
    setSummary(null);
    const params = new URLSearchParams({ ...(enc ? { encoding: enc } : {}), ...(delim ? { delimiter: delim } : {}) });
    const res = await send(`/api/v1/leads/import/preview?${params}`, f.slice(0, SNIFF_BYTES), language, () => undefined);
    if (res.status !== 200) {
      setPreview(null);
      setError(errorOf(res.json));
      return;
    }
    setPreview(res.json);
    setEncoding(res.json.encoding);
    setDelimiter(res.json.delimiter);
    setMapping(res.json.mapping);
  };

  const chooseFile = (e: React.ChangeEvent<HTMLInputElement>) => {
    const f = e.target.files?.[0] ?? null;
    setFile(f);
    setPreview(null);
    setEncoding('');
    setDelimiter('');
    if (f && maxBytes && f.size > maxBytes) {
      setError(t('tooLarge', { mb: Math.round(maxBytes / 1024 / 1024) }));
      return;
    }
    if (f) readHead(f, '', '');
  };

  const run = async (dryRun: boolean) => {
    if (!file || !campaignId || busy) return;
    setBusy(true);
    setError(null);
    setMessage(null);
    setSummary(null);
    setProgress({ sent: 0, total: file.size });
    try {
      const res = await send(`/api/v1/leads/import?${query({ dryRun: String(dryRun), fileName: file.name })}`, file, language, (sent, total) => setProgress({ sent, total }));
      if (res.status === 200 || res.status === 201) setSummary(res.json);
      else setError(errorOf(res.json));
      if (!dryRun) loadCampaigns();
    } catch {
      setError(t('networkError'));
    }
    setProgress(null);
    setBusy(false);
  };

  const undo = async () => {
    if (!campaignId || busy || !window.confirm(t('undoConfirm'))) return;
    setBusy(true);
    setError(null);
    const res = await fetch(`/api/v1/leads/import/undo?campaignId=${campaignId}`, { method: 'POST', headers: apiHeaders(language) });
    const json = await res.json().catch(() => null);
    if (res.ok) {
      setMessage(t('undone', { count: json.deleted }));
      setSummary(null);
      loadCampaigns();
    } else setError(errorOf(json));
    setBusy(false);
  };

  if (!campaigns) return <Loader />;
  const campaignOptions: Option[] = campaigns.map((c) => ({ value: String(c.id), label: `${c.name} (#${c.id})` }));
  const columnOptions: Option[] = [{ value: '', label: t('skipColumn') }, ...(preview?.columns ?? []).map((c, i) => ({ value: String(i), label: `${i + 1}. ${c}` }))];
  const encodingOptions: Option[] = ['utf-8', 'windows-1251', 'utf-16le', 'utf-16be'].map((v) => ({ value: v, label: v }));
  const delimiterOptions: Option[] = [{ value: ',', label: t('delimiterComma') }, { value: ';', label: t('delimiterSemicolon') }, { value: '\t', label: t('delimiterTab') }];
  const selected = campaigns.find((c) => String(c.id) === campaignId);
  const pct = progress && progress.total ? Math.round((progress.sent / progress.total) * 100) : 0;

  return (
    <Box variant="white" data-testid="import-leads">
      <H3>{t('title')}</H3>
      <FormGroup>
        <Label required>{t('campaign')}</Label>
        <Select {...selectTexts} inputId="import-campaign" value={campaignOptions.find((o) => o.value === campaignId) ?? null} options={campaignOptions} onChange={(o: Option | null) => setCampaignId(o?.value ?? '')} />
        {!campaigns.length && <Text variant="sm">{t('noCampaigns')}</Text>}
      </FormGroup>
      <FormGroup>
        <Label required>{t('file')}</Label>
        <input type="file" name="file" accept=".csv,.tsv,.txt,text/csv,text/plain" onChange={chooseFile} />
        {maxBytes > 0 && <Text variant="sm">{t('limit', { mb: Math.round(maxBytes / 1024 / 1024) })}</Text>}
      </FormGroup>

      {preview && (
        <Box mb="xl">
          <Box flex flexDirection="row" style={{ gap: 16 }}>
            <FormGroup style={{ minWidth: 200 }}>
              <Label>{t('encoding')}</Label>
              <Select {...selectTexts} inputId="import-encoding" value={encodingOptions.find((o) => o.value === encoding) ?? null} options={encodingOptions} onChange={(o: Option | null) => { setEncoding(o?.value ?? ''); if (file) readHead(file, o?.value ?? '', delimiter); }} />
            </FormGroup>
            <FormGroup style={{ minWidth: 200 }}>
              <Label>{t('delimiter')}</Label>
              <Select {...selectTexts} inputId="import-delimiter" value={delimiterOptions.find((o) => o.value === delimiter) ?? null} options={delimiterOptions} onChange={(o: Option | null) => { setDelimiter(o?.value ?? ''); if (file) readHead(file, encoding, o?.value ?? ''); }} />
            </FormGroup>
          </Box>
          <Label>{t('mapping')}</Label>
          <Table>
            <TableHead>
              <TableRow>
                <TableCell>{t('field')}</TableCell>
                <TableCell>{t('column')}</TableCell>
                <TableCell>{t('example')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {FIELDS.map((field) => {
                const index = mapping[field];
                return (
                  <TableRow key={field} data-field={field}>
                    <TableCell>{t(`fields.${field}`)}</TableCell>
                    <TableCell style={{ minWidth: 260 }}>
                      <Select
                        {...selectTexts}
                        inputId={`import-map-${field}`}
                        value={columnOptions.find((o) => o.value === (index === undefined ? '' : String(index))) ?? null}
                        options={columnOptions}
                        onChange={(o: Option | null) => setMapping((m) => {
                          const next = { ...m };
                          if (!o || o.value === '') delete next[field];
                          else next[field] = Number(o.value);
                          return next;
                        })}
                      />
                    </TableCell>
                    <TableCell>{index === undefined ? '' : (preview.sample[0]?.[index] ?? '')}</TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
          <FormGroup mt="lg">
            <Label htmlFor="import-assignees">{t('assignees')}</Label>
            <Select
              {...selectTexts}
              inputId="import-assignees"
              isMulti
              value={assignees.filter((a) => assigneeIds.includes(a.value))}
              options={assignees}
              onChange={(o: Option[] | null) => setAssigneeIds((o ?? []).map((x) => x.value))}
            />
            <Text variant="sm" mb="lg">{t(assigneeIds.length > 1 ? 'assigneesSpread' : 'assigneesHint')}</Text>
            <Label>{t('duplicates')}</Label>
            <label><input type="radio" name="duplicates" checked={duplicates === 'skip'} onChange={() => setDuplicates('skip')} /> {t('duplicatesSkip')}</label>{' '}
            <label><input type="radio" name="duplicates" checked={duplicates === 'create'} onChange={() => setDuplicates('create')} /> {t('duplicatesCreate')}</label>
          </FormGroup>
        </Box>
      )}

      <Box flex flexDirection="row" style={{ gap: 8 }} mb="lg">
        <Button type="button" data-testid="import-dry-run" disabled={!file || !campaignId || !preview || busy} onClick={() => run(true)}>{t('dryRun')}</Button>
        <Button type="button" variant="contained" data-testid="import-run" disabled={!file || !campaignId || !preview || busy} onClick={() => run(false)}>{t('import')}</Button>
        {selected?.lastBatch && !selected.lastBatch.undone && (
          <Button type="button" variant="danger" data-testid="import-undo" disabled={busy} onClick={undo}>{t('undo', { id: selected.lastBatch.id, count: selected.lastBatch.created })}</Button>
        )}
      </Box>

      {progress && (
        <Box mb="lg" data-testid="import-progress">
          <Text>{pct < 100 ? t('uploading', { pct }) : t('processing')}</Text>
          <progress max={100} value={pct} style={{ width: '100%' }} />
        </Box>
      )}
      {error && <MessageBox variant="danger" message={error} mb="lg" data-testid="import-error" />}
      {message && <MessageBox variant="success" message={message} mb="lg" />}
      {summary && (
        <Box data-testid="import-summary">
          <MessageBox variant={summary.dryRun ? 'info' : 'success'} message={t(summary.dryRun ? 'dryRunResult' : 'importResult', summary as never)} mb="lg" />
          {summary.batchId && (summary.invalid > 0 || summary.errors.length > 0) && (
            <Box mb="lg">
              <a href={`/api/v1/leads/import/batches/${summary.batchId}/errors.csv?lang=${language}`} data-testid="import-report">{t('downloadReport')}</a>
            </Box>
          )}
          {summary.errors.length > 0 && (
            <Table>
              <TableHead>
                <TableRow>
                  <TableCell>{t('line')}</TableCell>
                  <TableCell>{t('reason')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {summary.errors.map((e) => (
                  <TableRow key={e.line}>
                    <TableCell>{e.line}</TableCell>
                    <TableCell>{e.reason}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </Box>
      )}
    </Box>
  );
};

export default ImportLeads;
