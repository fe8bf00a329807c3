import React from 'react';
import { Box, Button, Icon, Link, Table, TableBody, TableCell, TableHead, TableRow, Text, ValueGroup } from '@adminjs/design-system';
import { type ShowPropertyProps, useTranslation, ViewHelpers } from 'adminjs';
import { formatDatetime } from './DatetimeValue';
import { formatMoney } from './panel-api';

const h = new ViewHelpers();

interface CardContract {
  id: number;
  name: string;
  serviceId: number;
  serviceName: string;
  amount: string;
  startsOn: string;
  endsOn: string;
  documentId: number | null;
  documentName: string | null;
}

/** What the server's customerCard() gives the card (record.params.card, as JSON). */
export interface CustomerCardData {
  customerId: number;
  displayName: string;
  contracts: CardContract[] | null;
  salesVolume: string | null;
  canAddContract: boolean;
}

export function readCard(raw: unknown): CustomerCardData | null {
  if (typeof raw !== 'string' || !raw) return null;
  try {
    return JSON.parse(raw) as CustomerCardData;
  } catch {
    return null;
  }
}

/**
 * A customer's contracts on its card (and on the card of the lead it was): a table of name, service, amount,
 * period and document, the sales volume under it, and «Добавить контракт», which opens the new-contract form with
 * this customer chosen. Drawn only for a role that may read contracts (the server leaves the data out otherwise).
 */
const CustomerContracts: React.FC<ShowPropertyProps> = ({ property, record }) => {
  const { translateComponent, translateProperty, i18n } = useTranslation();
  const tc = (key: string, options?: Record<string, unknown>) => translateComponent(`CustomerContracts.${key}`, options);
  const card = readCard(record?.params?.card);
  if (!card?.contracts) return null;
  const currency = String(property.custom?.currency ?? 'RUB');
  const language = i18n.language ?? 'ru';
  const date = (d: string) => formatDatetime(d, 'date', language);
  const addHref = `${h.resourceActionUrl({ resourceId: 'contracts', actionName: 'new' })}?customerId=${card.customerId}`;
  return (
    <ValueGroup label={translateProperty(property.label, property.resourceId)}>
      <Box data-testid="customer-contracts">
        {card.contracts.length ? (
          <Table width={1}>
            <TableHead>
              <TableRow>
                <TableCell>{tc('name')}</TableCell>
                <TableCell>{tc('service')}</TableCell>
                <TableCell style={{ textAlign: 'right' }}>{tc('amount')}</TableCell>
                <TableCell>{tc('period')}</TableCell>
                <TableCell>{tc('document')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {card.contracts.map((k) => (
                <TableRow key={k.id} data-testid="customer-contract">
                  <TableCell>
                    <Link href={h.recordActionUrl({ resourceId: 'contracts', recordId: String(k.id), actionName: 'show' })}>{k.name}</Link>
                  </TableCell>
                  <TableCell>{k.serviceName}</TableCell>
                  <TableCell style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>{formatMoney(k.amount, currency, language)}</TableCell>
                  <TableCell style={{ whiteSpace: 'nowrap' }}>{date(k.startsOn)} — {date(k.endsOn)}</TableCell>
                  <TableCell>
                    {k.documentId ? <Link href={`/admin/documents/${k.documentId}`}>{k.documentName ?? translateComponent('DocumentLink.download')}</Link> : <Text color="grey60">—</Text>}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        ) : (
          <Text mb="default">{tc('none')}</Text>
        )}
        <Box flex flexDirection="row" alignItems="center" mt="lg" style={{ gap: 16 }}>
          {card.canAddContract && (
            <Button as="a" href={addHref} variant="contained" size="sm" data-testid="add-contract">
              <Icon icon="Plus" />
              {tc('add')}
            </Button>
          )}
          {card.salesVolume !== null && (
            <Text data-testid="customer-sales-volume">
              {tc('salesVolume')}: <b style={{ whiteSpace: 'nowrap' }}>{formatMoney(card.salesVolume, currency, language)}</b>
            </Text>
          )}
        </Box>
      </Box>
    </ValueGroup>
  );
};

export default CustomerContracts;
