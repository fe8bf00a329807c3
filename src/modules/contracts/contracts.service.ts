import type { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { z } from 'zod';
import { db } from '../../db/current.js';
import type { Limits } from '../../config.js';
import { withDbErrors } from '../../shared/db-errors.js';
import { amountFilter, dateFilter, escapeLike, keysetPage, type Page, type PageQuery } from '../../shared/keyset.js';
import { msg, notFound, validationError, type FieldErrors } from '../../shared/errors.js';
import { dateOnly, id, money, parseInput, requiredText } from '../../shared/validation.js';
import { Customer } from '../customers/customer.entity.js';
import { Service } from '../services/service.entity.js';
import { changesOf, deleteRecorded, recordEdit, recordEvent, snapshot } from '../history/history.service.js';
import { assertCan, type Actor } from '../users/permissions.js';
import { Contract } from './contract.entity.js';
import { checkDocument, storeDocument, type UploadedFile } from './documents.service.js';

export const contractFields = {
  name: requiredText(200),
  serviceId: id,
  amount: money({ positive: true }),
  signedOn: dateOnly,
  startsOn: dateOnly,
  endsOn: dateOnly,
};
const contractInput = z.object({ ...contractFields, customerId: id });

/** Checks the period and that the service and customer exist; shared with conversion. */
export async function checkContract(
  data: { serviceId?: number; customerId?: number; startsOn?: string; endsOn?: string },
  m: EntityManager = db().manager,
): Promise<void> {
  const fields: FieldErrors = {};
  if (data.startsOn && data.endsOn && data.endsOn < data.startsOn) fields.endsOn = msg('period.endBeforeStart');
  if (data.serviceId !== undefined && !(await m.existsBy(Service, { id: data.serviceId }))) fields.serviceId = msg('service.notFound');
  if (data.customerId !== undefined && !(await m.existsBy(Customer, { id: data.customerId }))) fields.customerId = msg('customer.notFound');
  if (Object.keys(fields).length) throw validationError(fields);
}

/** Adds a contract to an existing customer; with a document, both are written in one transaction or neither. */
export async function createContract(actor: Actor, input: unknown, document: UploadedFile | undefined, limits: Pick<Limits, 'documentBytes'>): Promise<Contract> {
  assertCan(actor, 'contracts', 'new');
  const data = parseInput(contractInput, input);
  await checkContract(data);
  const file = document ? await checkDocument(document, limits) : null;
  return withDbErrors(() =>
    db().transaction(async (m) => {
      const stored = file ? await storeDocument(m, file, actor) : null;
      const saved = await m.save(m.create(Contract, { ...data, documentId: stored?.id ?? null }));
      const changes = changesOf('contracts', {}, { ...saved, document: stored?.fileName ?? null });
      await recordEvent(m, actor, { resource: 'contracts', recordId: saved.id, title: saved.name, action: 'create', changes });
      return saved;
    }),
  );
}

/**
 * Edits a contract, and with a document replaces its file, in one transaction. The replaced file is deleted in the
 * same transaction when no other contract points at it, so the documents table keeps no orphans.
 */
export async function updateContract(actor: Actor, contractId: number, input: unknown, document: UploadedFile | undefined, limits: Pick<Limits, 'documentBytes'>): Promise<Contract> {
  assertCan(actor, 'contracts', 'edit');
  const data = parseInput(contractInput.partial(), input);
  const file = document ? await checkDocument(document, limits) : null;
  return withDbErrors(() =>
    db().transaction(async (m) => {
      const contract = await m.findOne(Contract, { where: { id: contractId }, lock: { mode: 'pessimistic_write' } });
      if (!contract) throw notFound('contract.notFound');
      const before = snapshot('contracts', contract);
      Object.assign(contract, data);
      // Checked on the transaction's own connection: one from the pool could be waiting behind this row lock.
      await checkContract(contract, m);
      const replaced = file ? contract.documentId : null;
      let document: { from: string | null; to: string } | null = null;
      if (file) {
        const [old]: { file_name: string }[] = replaced ? await m.query(`SELECT file_name FROM documents WHERE id = $1`, [replaced]) : [];
        const stored = await storeDocument(m, file, actor);
        contract.documentId = stored.id;
        document = { from: old?.file_name ?? null, to: stored.fileName };
      }
      const saved = await m.save(contract);
      await recordEdit(m, actor, {
        resource: 'contracts', recordId: saved.id, title: saved.name, before, after: saved,
        ...(document && { also: [{ field: 'document', ...document }], meta: { document: document.from ? 'replaced' : 'attached' } }),
      });
      if (replaced) {
        await m.query(`DELETE FROM documents d WHERE d.id = $1 AND NOT EXISTS (SELECT 1 FROM contracts k WHERE k.document_id = d.id)`, [replaced]);
      }
      return saved;
    }),
  );
}

/** Deletes contracts, all or none, with their documents (those no other contract points at). */
export async function deleteContracts(actor: Actor, ids: number[]): Promise<void> {
  assertCan(actor, 'contracts', 'delete');
  await withDbErrors(() =>
    db().transaction(async (m) => {
      // RETURNING gives the document each row had when it was deleted (after any edit that held its lock).
      const deleted = await deleteRecorded(m, actor, 'contracts', ids, 'document_id');
      if (deleted.length !== ids.length) throw notFound('contract.notFound');
      // Their documents go with them, unless another contract still points at one.
      const documents = deleted.map((d) => d.document_id as number | null).filter((d): d is number => d !== null);
      if (documents.length) {
        await m.query(`DELETE FROM documents d WHERE d.id = ANY($1::int[]) AND NOT EXISTS (SELECT 1 FROM contracts k WHERE k.document_id = d.id)`, [documents]);
      }
    }),
  );
}

export interface ContractListQuery extends PageQuery {
  customerId?: number;
  serviceId?: number;
  signedFrom?: string;
  signedTo?: string;
  startsFrom?: string;
  startsTo?: string;
  endsFrom?: string;
  endsTo?: string;
  amountFrom?: string;
  amountTo?: string;
  search?: string;
}

const withDocument = () => db().getRepository(Contract).createQueryBuilder('e').leftJoinAndSelect('e.document', 'd');

/** Reads one contract with its document's description (not its bytes). */
export async function getContract(actor: Actor, contractId: number): Promise<Contract> {
  assertCan(actor, 'contracts', 'show');
  const contract = await withDocument().where('e.id = :id', { id: contractId }).getOne();
  if (!contract) throw notFound('contract.notFound');
  return contract;
}

/** A page of contracts, filtered by customer, service, signing period and name. */
export async function listContracts(actor: Actor, query: ContractListQuery): Promise<Page<Contract>> {
  assertCan(actor, 'contracts', 'list');
  const qb = contractsFilter(withDocument(), query);
  return keysetPage(qb, CONTRACT_SORTS, query);
}

/** The properties the contracts list (and its export) sorts by. */
export const CONTRACT_SORTS = { id: 'integer', signedOn: 'date', amount: 'numeric', createdAt: 'timestamptz' } as const;

/** The WHERE of the contracts list (main alias `e`), shared by the list and its export. */
export function contractsFilter<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, query: ContractListQuery): SelectQueryBuilder<T> {
  if (query.customerId !== undefined) qb.andWhere('e.customer_id = :customerId', { customerId: query.customerId });
  if (query.serviceId !== undefined) qb.andWhere('e.service_id = :serviceId', { serviceId: query.serviceId });
  if (query.search) qb.andWhere('e.name ILIKE :q', { q: `%${escapeLike(query.search)}%` });
  dateFilter(qb, 'e.signed_on', query.signedFrom, query.signedTo);
  dateFilter(qb, 'e.starts_on', query.startsFrom, query.startsTo, 'starts');
  dateFilter(qb, 'e.ends_on', query.endsFrom, query.endsTo, 'ends');
  amountFilter(qb, 'e.amount', query.amountFrom, query.amountTo);
  return qb;
}
