import type { Config } from '../../config.js';
import { Api, intId } from '../../api/endpoint.js';
import { DateOnly, IdIn, IdPath, listQuery, Money, MoneyIn, page, queryAmount, queryDate, queryId, querySearch, z } from '../../api/schemas.js';
import { notFound } from '../../shared/errors.js';
import type { Contract } from './contract.entity.js';
import { createContract, deleteContracts, getContract, listContracts, updateContract } from './contracts.service.js';
import { readDocument } from './documents.service.js';
import { sendDocument } from './documents.http.js';

export const DocumentMeta = z.object({ fileName: z.string(), size: z.number().int(), contentType: z.string() }).openapi('DocumentMeta');

export const ContractOut = z
  .object({
    id: z.number().int(), name: z.string(), serviceId: z.number().int(), customerId: z.number().int(), amount: Money,
    signedOn: DateOnly, startsOn: DateOnly, endsOn: DateOnly, document: DocumentMeta.nullable(),
  })
  .openapi('Contract');

export const toContract = (c: Contract): z.infer<typeof ContractOut> => ({
  id: c.id, name: c.name, serviceId: c.serviceId, customerId: c.customerId, amount: c.amount,
  signedOn: c.signedOn, startsOn: c.startsOn, endsOn: c.endsOn,
  document: c.document ? { fileName: c.document.fileName, size: c.document.size, contentType: c.document.contentType } : null,
});

/** The contract fields shared with conversion. */
export const contractBodyFields = {
  name: z.string().max(1000).openapi({ example: 'Договор № 12' }),
  serviceId: IdIn,
  amount: MoneyIn,
  signedOn: z.string().max(40).openapi({ description: 'YYYY-MM-DD', example: '2026-03-01' }),
  startsOn: z.string().max(40).openapi({ description: 'YYYY-MM-DD', example: '2026-03-01' }),
  endsOn: z.string().max(40).openapi({ description: 'YYYY-MM-DD', example: '2026-12-31' }),
};
const ContractIn = z.object({ ...contractBodyFields, customerId: IdIn });

/** The contract document in multipart requests (contracts and lead conversion). */
export const documentFileOf = (config: Config) => ({
  field: 'document',
  maxBytes: () => config.limits.documentBytes,
  description: `The contract document, at most ${config.MAX_DOCUMENT_MB} MB`,
});
export const WITH_DOCUMENT = 'multipart/form-data with the same fields and the contract file in `document` (PDF, DOC, DOCX, ODT, PNG, JPG; type checked by content).';

export const ListQuery = listQuery(['id', 'signedOn', 'amount', 'createdAt'] as const).extend({
  customerId: queryId.optional(),
  serviceId: queryId.optional(),
  signedFrom: queryDate.optional(),
  signedTo: queryDate.optional(),
  startsFrom: queryDate.optional(),
  startsTo: queryDate.optional(),
  endsFrom: queryDate.optional(),
  endsTo: queryDate.optional(),
  amountFrom: queryAmount.optional(),
  amountTo: queryAmount.optional(),
  search: querySearch.optional().openapi({ description: 'Part of the name' }),
});

/** /contracts: contracts of customers and their documents. */
export function contractsApi(api: Api, config: Config): void {
  const documentFile = documentFileOf(config);
  api.add({
    method: 'get', path: '/contracts', tag: 'contracts', summary: 'List contracts (default sort: -id)',
    permission: ['contracts', 'list'], query: ListQuery,
    responses: { 200: { description: 'A page of contracts', schema: page(ContractOut, 'ContractPage') } },
    handler: async ({ actor, query }) => {
      const { items, nextCursor } = await listContracts(actor, query);
      return { json: { items: items.map(toContract), nextCursor } };
    },
  });
  api.add({
    method: 'post', path: '/contracts', tag: 'contracts', summary: 'Add a contract to an existing customer',
    description: `JSON, or ${WITH_DOCUMENT} The contract and its document are written together or not at all.`,
    permission: ['contracts', 'new'], body: ContractIn, multipartFile: documentFile,
    responses: { 201: { description: 'Created', schema: ContractOut } },
    handler: async ({ actor, body, file }) => {
      const created = await createContract(actor, body, file, config.limits);
      return { status: 201, json: toContract(await getContract(actor, created.id)) };
    },
  });
  api.add({
    method: 'get', path: '/contracts/{id}', tag: 'contracts', summary: 'Read a contract',
    permission: ['contracts', 'show'], params: IdPath,
    responses: { 200: { description: 'The contract', schema: ContractOut } },
    handler: async ({ actor, params }) => ({ json: toContract(await getContract(actor, intId(params.id))) }),
  });
  api.add({
    method: 'patch', path: '/contracts/{id}', tag: 'contracts', summary: 'Change a contract',
    description: `JSON, or ${WITH_DOCUMENT} A new document replaces the current one (the old file is deleted); without one the document is kept.`,
    permission: ['contracts', 'edit'], params: IdPath, body: ContractIn.partial(), multipartFile: documentFile,
    responses: { 200: { description: 'Updated', schema: ContractOut } },
    handler: async ({ actor, params, body, file }) => {
      const updated = await updateContract(actor, intId(params.id), body, file, config.limits);
      return { json: toContract(await getContract(actor, updated.id)) };
    },
  });
  api.add({
    method: 'delete', path: '/contracts/{id}', tag: 'contracts', summary: 'Delete a contract',
    permission: ['contracts', 'delete'], params: IdPath,
    responses: { 204: { description: 'Deleted' } },
    handler: async ({ actor, params }) => {
      await deleteContracts(actor, [intId(params.id)]);
      return { status: 204 };
    },
  });
  api.add({
    method: 'get', path: '/contracts/{id}/document', tag: 'contracts', summary: 'Download the contract\'s document',
    permission: ['contracts', 'download'], params: IdPath,
    responses: { 200: { description: 'The file, with its stored content type', contentType: 'application/octet-stream' }, 404: { description: 'No such contract, or it has no document' } },
    handler: async ({ actor, params }) => {
      const contract = await getContract(actor, intId(params.id));
      if (!contract.documentId) throw notFound('document.notFound');
      const doc = await readDocument(actor, contract.documentId);
      return { raw: (res) => sendDocument(res, doc) };
    },
  });
}
