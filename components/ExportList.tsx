import React, { useMemo, useState } from 'react';
import { Box, Button, FormGroup, H3, Label, Select, Text } from '@adminjs/design-system';
import { type ActionProps, useTranslation } from 'adminjs';
import { useLocation } from 'react-router';
import { toExportParams, type ExportMapping as Mapping } from '../src/modules/export/export-params';
import { useSelectTexts } from './ui-texts';

type Option = { value: string; label: string };

/**
 * «Экспорт» (the list's filters and sort, every row) and «Экспорт выбранных» (the records ticked in the list): a
 * format, for CSV a delimiter, and a link to the API's export, which the browser downloads with the session cookie.
 * The server checks the permission and the parameters.
 */
const ExportList: React.FC<ActionProps> = ({ action, resource, records }) => {
  const { translateComponent: tc, translateProperty: tp, i18n } = useTranslation();
  const t = (key: string, options?: Record<string, unknown>) => tc(`ExportList.${key}`, resource.id, options as never);
  const selectTexts = useSelectTexts();
  const location = useLocation();
  const mapping = action.custom as unknown as Mapping;
  const [format, setFormat] = useState<'xlsx' | 'csv'>('xlsx');
  // the reader's spreadsheet decides the default: `;` (decimal commas) in Russian, `,` in English
  const [delimiter, setDelimiter] = useState<';' | ','>((i18n.language ?? '').startsWith('en') ? ',' : ';');
  const selected = action.actionType === 'bulk';

  const { params, applied, skipped } = useMemo(() => {
    if (!selected) return toExportParams(location.search, mapping);
    const p = new URLSearchParams();
    p.set('ids', (records ?? []).map((r) => String(r.id)).join(','));
    const { params: sorted } = toExportParams(location.search, { ...mapping, filters: {}, ranges: {}, amounts: {} });
    if (sorted.has('sort')) p.set('sort', sorted.get('sort')!);
    return { params: p, applied: [], skipped: [] };
  }, [location.search, selected, records]);

  const query = new URLSearchParams(params);
  query.set('format', format);
  if (format === 'csv') query.set('delimiter', delimiter);
  const href = `${mapping.path}?${query.toString()}`;

  const formats: Option[] = [
    { value: 'xlsx', label: t('xlsx') },
    { value: 'csv', label: t('csv') },
  ];
  const delimiters: Option[] = [
    { value: ';', label: t('semicolon') },
    { value: ',', label: t('comma') },
  ];
  const names = (properties: string[]) => properties.map((p) => tp(p, resource.id)).join(', ');

  return (
    <Box variant="grey" data-testid="export-list">
      <Box variant="white">
        <H3>{selected ? t('titleSelected', { count: records?.length ?? 0 }) : t('title')}</H3>
        {selected ? null : <Text mb="lg">{applied.length ? t('applied', { filters: names(applied) }) : t('noFilters')}</Text>}
        {skipped.length ? (
          <Text mb="lg" data-testid="export-skipped">
            {t('notApplied', { filters: names(skipped) })}
          </Text>
        ) : null}
        <FormGroup>
          <Label>{t('format')}</Label>
          <Select
            {...selectTexts}
            inputId="export-format"
            value={formats.find((o) => o.value === format)}
            options={formats}
            onChange={(o: Option | null) => o && setFormat(o.value as 'xlsx' | 'csv')}
          />
        </FormGroup>
        {format === 'csv' ? (
          <FormGroup>
            <Label>{t('delimiter')}</Label>
            <Select
              {...selectTexts}
              inputId="export-delimiter"
              value={delimiters.find((o) => o.value === delimiter)}
              options={delimiters}
              onChange={(o: Option | null) => o && setDelimiter(o.value as ';' | ',')}
            />
          </FormGroup>
        ) : null}
        <Button as="a" variant="contained" href={href} download data-testid="export-download">
          {t('download')}
        </Button>
      </Box>
    </Box>
  );
};

export default ExportList;
