import { startTestApp, type TestApp } from '../support/app.js';
import { count, makeCustomer, makeLead, makeService, makeUser } from '../support/factories.js';
import { compoundFile } from '../support/ole2.js';
import { ApiClient, fingerprint, PDF } from './helpers.js';

/**
 * Contract documents through POST /contracts and PATCH /contracts/{id} (multipart/form-data): stored with the
 * contract in one transaction, replaced on edit (the old file deleted), refused by content and size with a 422 on
 * `document` and nothing written. The limit is 0.05 MB here, so an oversized file stays small.
 */

let t: TestApp;
let manager: ApiClient;

/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const EXE = Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00 This program cannot be run in DOS mode', 'latin1');
const RANDOM = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 251));
/** OLE2 files: a Word document (its WordDocument stream in the second directory sector), and others in the same container. */
const DOC = compoundFile(['\u0005SummaryInformation', '1Table', 'Data', 'CompObj', 'WordDocument']);
const XLS = compoundFile(['Workbook', '\u0005SummaryInformation']);
const MSI = compoundFile(['\u4840\u3f3f\u4577\u446c\u3b6a\u45e4\u4824', '\u4840\u3b3f\u4577\u446c\u3b6a\u45e4\u4824', '\u0005SummaryInformation', 'Binary.wordlogo', 'WordDocumentX']);
const TOO_BIG = Buffer.concat([PDF, Buffer.alloc(60 * 1024, 32)]);

beforeAll(async () => {
  t = await startTestApp({ MAX_DOCUMENT_MB: '0.05' });
  const m = await makeUser(t.ds, ['manager']);
  manager = await ApiClient.login(t.baseUrl, m.email, m.password);
});
afterAll(async () => {
  await t?.close();
});

function form(fields: Record<string, string | number>, file?: [Buffer, string, string?]): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, String(v));
  if (file) f.set('document', new Blob([new Uint8Array(file[0])], file[2] ? { type: file[2] } : {}), file[1]);
  return f;
}

async function newContractFields() {
  const customer = await makeCustomer(t.ds);
  const service = await makeService(t.ds);
  return { name: 'Продление', serviceId: service.id, customerId: customer.id, amount: '1 500,50', signedOn: '2026-04-01', startsOn: '2026-04-01', endsOn: '2027-03-31' };
}

async function download(contractId: number) {
  const res = await manager.http.request('GET', `/api/v1/contracts/${contractId}/document`);
  return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
}

const documentIdOf = async (contractId: number): Promise<number | null> =>
  (await t.ds.query(`SELECT document_id FROM contracts WHERE id = $1`, [contractId]))[0].document_id;

describe('a contract created with a document (POST /contracts, multipart)', () => {
  it('stores the contract and the file together; the file downloads byte for byte', async () => {
    const fields = await newContractFields();
    const r = await manager.call('POST', '/contracts', form(fields, [PDF, 'Договор №7.pdf', 'application/pdf']));
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ name: 'Продление', customerId: fields.customerId, serviceId: fields.serviceId, amount: '1500.50', startsOn: '2026-04-01' });
    expect(r.json.document).toEqual({ fileName: 'Договор №7.pdf', size: PDF.length, contentType: 'application/pdf' });
    expect((await manager.get(`/contracts/${r.json.id}`)).json.document).toEqual(r.json.document);
    const file = await download(r.json.id);
    expect(file.status).toBe(200);
    expect(file.type).toBe('application/pdf');
    expect(file.bytes.equals(PDF)).toBe(true);
  });

  it('accepts a Word 97–2003 document (.doc) as application/msword', async () => {
    const r = await manager.call('POST', '/contracts', form(await newContractFields(), [DOC, 'Договор.doc', 'application/msword']));
    expect(r.status).toBe(201);
    expect(r.json.document).toEqual({ fileName: 'Договор.doc', size: DOC.length, contentType: 'application/msword' });
    const file = await download(r.json.id);
    expect([file.type, file.bytes.equals(DOC)]).toEqual(['application/msword', true]);
  });

  it('without a file, multipart and JSON both create a contract with no document', async () => {
    const multipart = await manager.call('POST', '/contracts', form(await newContractFields()));
    expect(multipart.status).toBe(201);
    expect(multipart.json.document).toBeNull();
    const json = await manager.post('/contracts', { ...(await newContractFields()), amount: '800' });
    expect(json.status).toBe(201);
    expect(json.json).toMatchObject({ amount: '800.00', document: null });
    expect((await download(json.json.id)).status).toBe(404);
  });

  it.each([
    ['a program named .pdf', EXE, 'contract.pdf'],
    ['random bytes named .pdf', RANDOM, 'contract.pdf'],
    ['random bytes named .docx', RANDOM, 'contract.docx'],
    ['an Excel 97 workbook named .doc', XLS, 'contract.doc'],
    ['an installer (.msi, OLE2 like .doc) named .doc', MSI, 'contract.doc'],
    ['a cut-off Word document', DOC.subarray(0, 600), 'contract.doc'],
  ])('refuses %s with 422 on `document` and writes nothing', async (_label, bytes, name) => {
    const fields = await newContractFields();
    const before = await fingerprint(t.ds);
    const r = await manager.call('POST', '/contracts', form(fields, [bytes, name, 'application/pdf']));
    expect(r.status).toBe(422);
    expect(r.json.error.code).toBe('validation');
    expect(r.json.error.details.fields).toEqual({ document: 'Допустимы только PDF, DOC, DOCX, ODT, PNG и JPG' });
    expect(await fingerprint(t.ds)).toBe(before);
  });

  it('refuses an empty file and one over the size limit with 422 on `document`, writing nothing', async () => {
    for (const [bytes, message] of [
      [Buffer.alloc(0), 'Файл пустой'],
      [TOO_BIG, 'Файл больше 0,05 МБ'],
    ] as const) {
      const fields = await newContractFields();
      const before = await fingerprint(t.ds);
      const r = await manager.call('POST', '/contracts', form(fields, [bytes, 'big.pdf', 'application/pdf']));
      expect([r.status, r.json.error.details.fields]).toEqual([422, { document: message }]);
      expect(await fingerprint(t.ds)).toBe(before);
    }
    const en = await manager.call('POST', '/contracts', form(await newContractFields(), [TOO_BIG, 'big.pdf']), { 'accept-language': 'en' });
    expect([en.status, en.json.error.details.fields]).toEqual([422, { document: 'The file is larger than 0.05 MB' }]);
  });

  it('a valid file with an invalid contract stores neither', async () => {
    const fields = await newContractFields();
    const documents = await count(t.ds, 'documents');
    const r = await manager.call('POST', '/contracts', form({ ...fields, endsOn: '2026-01-01' }, [PDF, 'ok.pdf']));
    expect(r.status).toBe(422);
    expect(r.json.error.details.fields.endsOn).toBe('Дата окончания не может быть раньше даты начала');
    expect(await count(t.ds, 'documents')).toBe(documents);
  });
});

describe('conversion checks its contract as the contract service does (POST /leads/{id}/convert)', () => {
  const contract = { name: 'Первый договор', startsOn: '2026-04-01', endsOn: '2027-03-31' };

  it('a document is checked before the lead is locked: a bad file is refused while another transaction holds the lead', async () => {
    const lead = await makeLead(t.ds);
    const holder = t.ds.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    try {
      await holder.query(`SELECT id FROM leads WHERE id = $1 FOR UPDATE`, [lead.id]);
      // Checked inside the transaction, this request would wait for the lock as long as it is held.
      const r = await manager.call('POST', `/leads/${lead.id}/convert`, form(contract, [EXE, 'contract.pdf', 'application/pdf']));
      expect([r.status, r.json.error.details.fields]).toEqual([422, { document: 'Допустимы только PDF, DOC, DOCX, ODT, PNG и JPG' }]);
    } finally {
      await holder.rollbackTransaction();
      await holder.release();
    }
    expect((await t.ds.query(`SELECT status::text FROM leads WHERE id = $1`, [lead.id]))[0].status).toBe('new');
    const ok = await manager.call('POST', `/leads/${lead.id}/convert`, form(contract, [PDF, 'ok.pdf', 'application/pdf']));
    expect(ok.status).toBe(201);
    expect(ok.json.contract.document).toEqual({ fileName: 'ok.pdf', size: PDF.length, contentType: 'application/pdf' });
  });

  it('every contract field is named at once, as when a contract is added (a missing service and a period ending before it starts)', async () => {
    const lead = await makeLead(t.ds);
    const r = await manager.post(`/leads/${lead.id}/convert`, { ...contract, serviceId: 999999, endsOn: '2026-01-01' });
    expect([r.status, r.json.error.details.fields]).toEqual([422, { endsOn: 'Дата окончания не может быть раньше даты начала', serviceId: 'Услуга не найдена' }]);
    const added = await manager.post('/contracts', { ...(await newContractFields()), serviceId: 999999, endsOn: '2026-01-01' });
    expect(added.json.error.details.fields).toEqual(r.json.error.details.fields);
  });
});

describe('a contract edited with a document (PATCH /contracts/{id}, multipart)', () => {
  it('adds a document to a contract that had none, then replaces it; the replaced file is deleted', async () => {
    const { contractId } = await makeCustomer(t.ds);
    const added = await manager.call('PATCH', `/contracts/${contractId}`, form({}, [PDF, 'first.pdf']));
    expect(added.status).toBe(200);
    expect(added.json.document).toEqual({ fileName: 'first.pdf', size: PDF.length, contentType: 'application/pdf' });
    const firstId = await documentIdOf(contractId);
    expect(firstId).not.toBeNull();

    const replaced = await manager.call('PATCH', `/contracts/${contractId}`, form({ amount: '3000' }, [PNG, 'scan.png', 'image/png']));
    expect(replaced.status).toBe(200);
    expect(replaced.json).toMatchObject({ amount: '3000.00', document: { fileName: 'scan.png', size: PNG.length, contentType: 'image/png' } });
    const secondId = await documentIdOf(contractId);
    expect(secondId).not.toBe(firstId);
    expect(await t.ds.query(`SELECT id FROM documents WHERE id = $1`, [firstId])).toEqual([]);
    const file = await download(contractId);
    expect([file.status, file.type]).toEqual([200, 'image/png']);
    expect(file.bytes.equals(PNG)).toBe(true);

    // JSON edits keep the document.
    const json = await manager.patch(`/contracts/${contractId}`, { name: 'Переименован' });
    expect(json.status).toBe(200);
    expect(json.json).toMatchObject({ name: 'Переименован', document: { fileName: 'scan.png' } });
    expect(await documentIdOf(contractId)).toBe(secondId);
  });

  it('a bad replacement is refused with 422 and leaves the contract and its document as they were', async () => {
    const { contractId } = await makeCustomer(t.ds);
    expect((await manager.call('PATCH', `/contracts/${contractId}`, form({}, [PDF, 'keep.pdf']))).status).toBe(200);
    for (const [bytes, message] of [
      [EXE, 'Допустимы только PDF, DOC, DOCX, ODT, PNG и JPG'],
      [RANDOM, 'Допустимы только PDF, DOC, DOCX, ODT, PNG и JPG'],
      [TOO_BIG, 'Файл больше 0,05 МБ'],
    ] as const) {
      const before = await fingerprint(t.ds);
      const r = await manager.call('PATCH', `/contracts/${contractId}`, form({ amount: '999' }, [bytes, 'new.pdf', 'application/pdf']));
      expect([r.status, r.json.error.details.fields]).toEqual([422, { document: message }]);
      expect(await fingerprint(t.ds)).toBe(before);
    }
    const file = await download(contractId);
    expect(file.bytes.equals(PDF)).toBe(true);
    expect((await manager.get(`/contracts/${contractId}`)).json).toMatchObject({ amount: '2500.00', document: { fileName: 'keep.pdf' } });
  });

  it('concurrent edits of one contract (more than the pool has connections) all finish, leaving one file and no orphans', async () => {
    const { contractId } = await makeCustomer(t.ds);
    const documents = await count(t.ds, 'documents');
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        i % 2 ? manager.patch(`/contracts/${contractId}`, { amount: String(100 + i) }) : manager.call('PATCH', `/contracts/${contractId}`, form({ amount: String(100 + i) }, [PDF, `v${i}.pdf`])),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(12).fill(200));
    expect(await count(t.ds, 'documents')).toBe(documents + 1);
    expect(await documentIdOf(contractId)).not.toBeNull();
  });

  it('an unknown contract is 404 and stores no file; an operator is refused before the upload is read', async () => {
    const documents = await count(t.ds, 'documents');
    expect((await manager.call('PATCH', '/contracts/2147483647', form({}, [PDF, 'a.pdf']))).status).toBe(404);
    expect(await count(t.ds, 'documents')).toBe(documents);
    const op = await makeUser(t.ds, ['operator']);
    const operator = await ApiClient.login(t.baseUrl, op.email, op.password);
    const { contractId } = await makeCustomer(t.ds);
    expect((await operator.call('PATCH', `/contracts/${contractId}`, form({}, [PDF, 'a.pdf']))).status).toBe(403);
    expect((await operator.call('POST', '/contracts', form(await newContractFields(), [PDF, 'a.pdf']))).status).toBe(403);
    expect(await count(t.ds, 'documents')).toBe(documents);
  });
});

describe('a deleted contract takes its document with it', () => {
  it('DELETE /contracts/{id} removes the file too, but not one another contract still points at', async () => {
    const a = await manager.call('POST', '/contracts', form(await newContractFields(), [PDF, 'a.pdf']));
    const b = await manager.call('POST', '/contracts', form(await newContractFields(), [PNG, 'b.png']));
    expect([a.status, b.status]).toEqual([201, 201]);
    const [docA, docB] = [await documentIdOf(a.json.id), await documentIdOf(b.json.id)];
    // A third contract sharing b's file (not something the panel does, but the schema allows it).
    const { contractId: c } = await makeCustomer(t.ds);
    await t.ds.query(`UPDATE contracts SET document_id = $1 WHERE id = $2`, [docB, c]);

    expect((await manager.call('DELETE', `/contracts/${a.json.id}`)).status).toBe(204);
    expect((await manager.call('DELETE', `/contracts/${b.json.id}`)).status).toBe(204);
    const left = (await t.ds.query(`SELECT id FROM documents WHERE id = ANY($1::int[])`, [[docA, docB]])).map((r: { id: number }) => r.id);
    expect(left).toEqual([docB]);
    expect((await download(c)).bytes.equals(PNG)).toBe(true);
  });
});
