import React, { useState } from 'react';
import { Box, Button, Text, ValueGroup } from '@adminjs/design-system';
import { type ShowPropertyProps, useTranslation } from 'adminjs';
import { apiHeaders } from './panel-api';

interface HistoryItem {
  id: string;
  line: string;
}

/** What the server puts in record.params.history (src/modules/history/history.admin.ts). */
interface HistoryData {
  resource: string;
  recordId: string;
  nextCursor: string | null;
  items: HistoryItem[];
}

function readHistory(raw: unknown): HistoryData | null {
  if (typeof raw !== 'string' || !raw) return null;
  try {
    return JSON.parse(raw) as HistoryData;
  } catch {
    return null;
  }
}

/**
 * A record's history at the bottom of its page: one line per change, newest first, as the server wrote it in the
 * panel's language («12.03.2026 14:05 — Соколова М. А. (администратор): статус «Новый» → «В работе»»). «Показать ещё»
 * reads the next page from GET /api/v1/{resource}/{id}/history with the panel's cookie.
 */
const RecordHistory: React.FC<ShowPropertyProps> = ({ property, record }) => {
  const { translateComponent, translateProperty, i18n } = useTranslation();
  const tc = (key: string) => translateComponent(`RecordHistory.${key}`);
  const data = readHistory(record?.params?.history);
  const [more, setMore] = useState<HistoryItem[]>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const [failed, setFailed] = useState(false);
  const [loading, setLoading] = useState(false);
  if (!data) return null;
  const next = cursor === undefined ? data.nextCursor : cursor;
  const loadMore = async () => {
    if (!next) return;
    setLoading(true);
    setFailed(false);
    try {
      const res = await fetch(`/api/v1/${data.resource}/${encodeURIComponent(data.recordId)}/history?limit=50&cursor=${encodeURIComponent(next)}`, {
        headers: apiHeaders(i18n.language),
        credentials: 'same-origin',
      });
      if (!res.ok) throw new Error(String(res.status));
      const page = (await res.json()) as { items: HistoryItem[]; nextCursor: string | null };
      setMore((m) => [...m, ...page.items.map((i) => ({ id: i.id, line: i.line }))]);
      setCursor(page.nextCursor);
    } catch {
      setFailed(true);
    } finally {
      setLoading(false);
    }
  };
  const items = [...data.items, ...more];
  return (
    <ValueGroup label={translateProperty(property.label, property.resourceId)}>
      <Box data-testid="record-history">
        {items.length ? (
          <ul className="crm-history">
            {items.map((i) => (
              <li key={i.id}>{i.line}</li>
            ))}
          </ul>
        ) : (
          <Text color="grey60">{tc('none')}</Text>
        )}
        {next ? (
          <Button type="button" variant="text" size="sm" onClick={loadMore} disabled={loading}>
            {tc('more')}
          </Button>
        ) : null}
        {failed ? <Text color="error">{tc('failed')}</Text> : null}
      </Box>
    </ValueGroup>
  );
};

export default RecordHistory;
