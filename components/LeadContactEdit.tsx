import React, { useEffect, useState } from 'react';
import { Box, FormGroup, FormMessage, Input, Label, Link, MessageBox, Text } from '@adminjs/design-system';
import { type EditPropertyProps, useTranslation, ViewHelpers } from 'adminjs';
import { apiHeaders } from './panel-api';
import { isReadOnly } from './read-only';

const h = new ViewHelpers();
/** Wait this long after the last key press before asking the server. */
const DEBOUNCE_MS = 400;

interface Duplicate {
  id: string;
  fullName: string;
  campaignName: string;
  status: string;
  matches: Array<'phone' | 'email'>;
}

/**
 * A lead's phone or e-mail: the usual text input, and below it a warning when another lead already has this
 * contact, with links to those leads. Only a warning: the same person may answer two campaigns, so saving stays
 * possible (GET /api/v1/leads/duplicates, with the panel's session).
 */
const LeadContactEdit: React.FC<EditPropertyProps> = ({ property, record, onChange }) => {
  const { translateProperty, translateComponent: tc, translateLabel: tl, translateMessage: tm, i18n } = useTranslation();
  const kind = property.path === 'email' ? 'email' : 'phone';
  const stored = (record?.params?.[property.path] as string | null | undefined) ?? '';
  const [value, setValue] = useState(stored);
  const [duplicates, setDuplicates] = useState<Duplicate[]>([]);
  const error = record?.errors?.[property.path];
  const recordId = record?.id ? String(record.id) : '';

  // the record may change under us (a failed save brings the normalised value back)
  useEffect(() => setValue(stored), [stored]);

  useEffect(() => {
    const text = value.trim();
    if (!text) {
      setDuplicates([]);
      return undefined;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      const query = new URLSearchParams({ [kind]: text });
      if (recordId) query.set('excludeId', recordId);
      fetch(`/api/v1/leads/duplicates?${query}`, { credentials: 'same-origin', signal: controller.signal, headers: apiHeaders(i18n.language) })
        .then((res) => (res.ok ? res.json() : { items: [] }))
        .then((body: { items?: Duplicate[] }) => setDuplicates(body.items ?? []))
        .catch(() => undefined); // aborted, or offline: no warning is better than a wrong one
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [value, kind, recordId, i18n.language]);

  return (
    <FormGroup error={!!error}>
      <Label htmlFor={property.path} required={property.isRequired}>{translateProperty(property.label, property.resourceId)}</Label>
      <Input
        id={property.path}
        name={property.path}
        type={kind === 'email' ? 'email' : 'tel'}
        value={value}
        disabled={property.isDisabled || isReadOnly(record, property.path)}
        onChange={(e: React.ChangeEvent<HTMLInputElement>) => {
          setValue(e.target.value);
          onChange?.(property.path, e.target.value);
        }}
        width={1}
      />
      <FormMessage>{error && tm(error.message, property.resourceId)}</FormMessage>
      {duplicates.length > 0 && (
        <MessageBox
          variant="warning"
          mt="default"
          data-testid={`duplicates-${property.path}`}
          message={tc(kind === 'email' ? 'LeadContactEdit.emailTaken' : 'LeadContactEdit.phoneTaken')}
        >
          {duplicates.map((d) => (
            <Box key={d.id} mt="sm">
              <Link href={h.recordActionUrl({ resourceId: 'leads', recordId: d.id, actionName: 'show' })} target="_blank" rel="noopener">
                {d.fullName}
              </Link>
              <Text as="span"> — {d.campaignName}, {tl(`status.${d.status}`, 'leads')}</Text>
            </Box>
          ))}
          <Text mt="sm" variant="sm">{tc('LeadContactEdit.maySave')}</Text>
        </MessageBox>
      )}
    </FormGroup>
  );
};

export default LeadContactEdit;
