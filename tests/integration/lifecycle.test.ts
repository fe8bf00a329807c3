import fs from 'node:fs';
import os from 'node:os';
import { startTestApp, type TestApp } from '../support/app.js';
import { count, makeCampaign, makeCustomer, makeLead, makeService, makeUser } from '../support/factories.js';

const makeCustomerFor = () => makeCustomer(t.ds);
import { Client } from '../support/http.js';
import { loginAs } from '../support/login.js';

let t: TestApp;
const clients: Record<string, Client> = {};

async function as(role: 'admin' | 'operator' | 'marketer' | 'manager'): Promise<Client> {
  clients[role] ??= await loginAs(t, [role]);
  return clients[role];
}

const campaignStatus = async (id: number) => (await t.ds.query(`SELECT status FROM campaigns WHERE id = $1`, [id]))[0].status;
const leadRow = async (id: string) => (await t.ds.query(`SELECT * FROM leads WHERE id = $1`, [id]))[0];

beforeAll(async () => {
  t = await startTestApp({ MAX_DOCUMENT_MB: '0.05' });
});
afterAll(() => t.close());

describe('campaign launch and finish', () => {
  it('a marketer launches a draft and finishes it; the wrong transitions are refused with a message', async () => {
    const marketer = await as('marketer');
    const { id } = await makeCampaign(t.ds, { status: 'draft' });
    const finishDraft = await marketer.action('POST', `/resources/campaigns/records/${id}/finish`);
    expect(finishDraft.json.notice).toEqual({ message: 'Черновик нельзя завершить: сначала запустите кампанию', type: 'error' });
    expect(await campaignStatus(id)).toBe('draft');

    const launch = await marketer.action('POST', `/resources/campaigns/records/${id}/launch`);
    expect(launch.json.notice).toEqual({ message: 'campaignLaunched', type: 'success' });
    const [c1] = await t.ds.query(`SELECT status, launched_at FROM campaigns WHERE id = $1`, [id]);
    expect(c1.status).toBe('active');
    expect(c1.launched_at).toBeInstanceOf(Date);

    expect((await marketer.action('POST', `/resources/campaigns/records/${id}/launch`)).json.notice.type).toBe('error');
    expect((await marketer.action('POST', `/resources/campaigns/records/${id}/finish`)).json.notice.message).toBe('campaignFinished');
    expect(await campaignStatus(id)).toBe('finished');

    const relaunch = await marketer.action('POST', `/resources/campaigns/records/${id}/launch`);
    expect(relaunch.json.notice).toEqual({ message: 'Завершённую кампанию нельзя запустить снова', type: 'error' });
    expect(await campaignStatus(id)).toBe('finished');
  });

  it('the budget and service of a finished campaign are read-only, its name is not', async () => {
    const marketer = await as('marketer');
    const { id } = await makeCampaign(t.ds, { status: 'finished', budget: '100.00' });
    const other = await makeService(t.ds);
    const res = await marketer.action('POST', `/resources/campaigns/records/${id}/edit`, { budget: '200.00', serviceId: other.id });
    expect(res.json.record.errors.budget.message).toBe('Бюджет завершённой кампании изменить нельзя');
    expect(res.json.record.errors.serviceId.message).toBe('Услугу завершённой кампании изменить нельзя');
    expect((await t.ds.query(`SELECT budget FROM campaigns WHERE id = $1`, [id]))[0].budget).toBe('100.00');
    const rename = await marketer.action('POST', `/resources/campaigns/records/${id}/edit`, { name: 'Итоги осени' });
    expect(rename.json.notice.type).toBe('success');
  });
});

describe('the panel language', () => {
  it('refusals come in the language the user chose in the panel (kept in the i18next cookie), Russian otherwise', async () => {
    const user = await makeUser(t.ds, ['marketer']);
    const english = new Client(t.baseUrl);
    expect((await english.login(user.email, user.password)).status).toBe(302);
    english.setCookie('i18next', 'en');
    const { id } = await makeCampaign(t.ds, { status: 'finished', budget: '100.00' });
    const other = await makeService(t.ds);
    const edit = await english.action('POST', `/resources/campaigns/records/${id}/edit`, { budget: '200.00', serviceId: other.id });
    expect(edit.json.record.errors.budget.message).toBe('The budget of a finished campaign cannot change');
    expect(edit.json.record.errors.serviceId.message).toBe('The service of a finished campaign cannot change');
    const relaunch = await english.action('POST', `/resources/campaigns/records/${id}/launch`);
    expect(relaunch.json.notice).toEqual({ message: 'A finished campaign cannot be launched again', type: 'error' });

    english.setCookie('i18next', 'ru');
    const again = await english.action('POST', `/resources/campaigns/records/${id}/launch`);
    expect(again.json.notice).toEqual({ message: 'Завершённую кампанию нельзя запустить снова', type: 'error' });
  });
});

describe('leads', () => {
  it('an operator records a lead with a Russian phone, normalised; a draft campaign is refused', async () => {
    const operator = await as('operator');
    const draft = await makeCampaign(t.ds, { status: 'draft' });
    const before = await count(t.ds, 'leads');
    const refused = await operator.action('POST', '/resources/leads/actions/new', { lastName: 'Петров', firstName: 'Пётр', phone: '8 (912) 345-67-89', campaignId: draft.id });
    expect(refused.json.record.errors.campaignId.message).toMatch(/ещё не запущена/);
    expect(await count(t.ds, 'leads')).toBe(before);

    const active = await makeCampaign(t.ds, { status: 'active' });
    const ok = await operator.action('POST', '/resources/leads/actions/new', {
      lastName: 'Петров', firstName: 'Пётр', phone: '8 (912) 345-67-89', email: ' Petrov@Example.COM ', campaignId: active.id,
    });
    expect(ok.json.notice.type).toBe('success');
    const [row] = await t.ds.query(`SELECT phone, email, full_name, created_by_id FROM leads ORDER BY id DESC LIMIT 1`);
    expect(row).toMatchObject({ phone: '+79123456789', email: 'petrov@example.com', full_name: 'Петров Пётр' });
    expect(row.created_by_id).not.toBeNull();
  });
});

const contract = { name: 'Договор 1', startsOn: '2026-12-01', endsOn: '2027-11-30' };

describe('converting a lead', () => {
  it('creates the customer and its contract and marks the lead converted, defaults from the campaign service', async () => {
    const manager = await as('manager');
    const service = await makeService(t.ds, { price: '42000.00' });
    const campaign = await makeCampaign(t.ds, { serviceId: service.id });
    const lead = await makeLead(t.ds, { campaignId: campaign.id });
    const form = await manager.action('GET', `/resources/leads/records/${lead.id}/convert`);
    expect(form.json.defaults).toMatchObject({ serviceId: service.id, amount: '42000.00' });

    const res = await manager.action('POST', `/resources/leads/records/${lead.id}/convert`, contract);
    expect(res.json.notice).toEqual({ message: 'leadConverted', type: 'success' });
    const [customer] = await t.ds.query(`SELECT * FROM customers WHERE lead_id = $1`, [lead.id]);
    expect(res.json.redirectUrl).toBe(`/admin/resources/customers/records/${customer.id}/show`);
    const [k] = await t.ds.query(`SELECT * FROM contracts WHERE customer_id = $1`, [customer.id]);
    expect(k).toMatchObject({ name: 'Договор 1', service_id: service.id, amount: '42000.00', starts_on: '2026-12-01', ends_on: '2027-11-30' });
    expect((await leadRow(lead.id)).status).toBe('converted');
    expect(customer.converted_by_id).not.toBeNull();

    const again = await manager.action('POST', `/resources/leads/records/${lead.id}/convert`, contract);
    expect(again.json.notice).toEqual({ message: 'Этот лид уже переведён в клиенты', type: 'error' });
    expect(await t.ds.query(`SELECT count(*)::int AS n FROM customers WHERE lead_id = $1`, [lead.id])).toEqual([{ n: 1 }]);
    // the convert page opened again (Back, an old link) names the customer it became, to link there
    const reopened = await manager.action('GET', `/resources/leads/records/${lead.id}/convert`);
    expect(reopened.json.customer).toEqual({ id: String(customer.id), title: customer.display_name });
    expect(reopened.json.defaults).toBeUndefined();
  });

  it('20 simultaneous conversions of one lead give exactly one customer and one contract', async () => {
    const manager = await as('manager');
    const lead = await makeLead(t.ds);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => manager.action('POST', `/resources/leads/records/${lead.id}/convert`, contract)),
    );
    const ok = results.filter((r) => r.json.notice?.type === 'success');
    const refused = results.filter((r) => r.json.notice?.message === 'Этот лид уже переведён в клиенты');
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(ok).toHaveLength(1);
    expect(refused).toHaveLength(19);
    const [{ customers }] = await t.ds.query(`SELECT count(*)::int AS customers FROM customers WHERE lead_id = $1`, [lead.id]);
    const [{ contracts }] = await t.ds.query(
      `SELECT count(*)::int AS contracts FROM contracts k JOIN customers c ON c.id = k.customer_id WHERE c.lead_id = $1`, [lead.id]);
    expect({ customers, contracts }).toEqual({ customers: 1, contracts: 1 });
  });

  it('a failure inside conversion leaves nothing behind', async () => {
    const manager = await as('manager');
    const lead = await makeLead(t.ds);
    const before = { customers: await count(t.ds, 'customers'), contracts: await count(t.ds, 'contracts'), documents: await count(t.ds, 'documents') };
    const backwards = await manager.action('POST', `/resources/leads/records/${lead.id}/convert`, { ...contract, endsOn: '2026-01-01' });
    expect(backwards.json.errors.endsOn.message).toBe('Дата окончания не может быть раньше даты начала');
    const zero = await manager.action('POST', `/resources/leads/records/${lead.id}/convert`, { ...contract, amount: '0' });
    expect(zero.json.errors.amount.message).toBe('Сумма должна быть больше нуля');
    const exe = new FormData();
    Object.entries(contract).forEach(([k, v]) => exe.append(k, v));
    exe.append('document', new Blob([Buffer.from('MZ\x90\x00\x03\x00\x00\x00 this is not a pdf')]), 'contract.pdf');
    const badFile = await manager.action('POST', `/resources/leads/records/${lead.id}/convert`, exe);
    expect(badFile.json.errors.document.message).toBe('Допустимы только PDF, DOC, DOCX, ODT, PNG и JPG');
    expect({ customers: await count(t.ds, 'customers'), contracts: await count(t.ds, 'contracts'), documents: await count(t.ds, 'documents') }).toEqual(before);
    expect((await leadRow(lead.id)).status).toBe('new');
  });

  it('a PDF uploaded at conversion is downloadable by a manager and refused to an operator', async () => {
    const manager = await as('manager');
    const lead = await makeLead(t.ds);
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
    const form = new FormData();
    Object.entries(contract).forEach(([k, v]) => form.append(k, v));
    form.append('document', new Blob([pdf], { type: 'application/pdf' }), 'Договор №1.pdf');
    const res = await manager.action('POST', `/resources/leads/records/${lead.id}/convert`, form);
    expect(res.json.notice.type).toBe('success');
    const [doc] = await t.ds.query(
      `SELECT d.id, d.file_name, d.content_type FROM documents d JOIN contracts k ON k.document_id = d.id JOIN customers c ON c.id = k.customer_id WHERE c.lead_id = $1`,
      [lead.id],
    );
    expect(doc).toMatchObject({ file_name: 'Договор №1.pdf', content_type: 'application/pdf' });

    const download = await manager.get(`/admin/documents/${doc.id}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toContain("filename*=UTF-8''%D0%94");
    expect(Buffer.from(await download.arrayBuffer())).toEqual(pdf);
    const operator = await as('operator');
    expect((await operator.get(`/admin/documents/${doc.id}`)).status).toBe(403);
  });

  it('empty and oversized documents are refused with messages', async () => {
    const manager = await as('manager');
    for (const [bytes, message] of [
      [Buffer.alloc(0), 'Файл пустой'],
      [Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(60 * 1024, 32)]), 'Файл больше 0,05 МБ'],
    ] as const) {
      const lead = await makeLead(t.ds);
      const form = new FormData();
      Object.entries(contract).forEach(([k, v]) => form.append(k, v));
      form.append('document', new Blob([bytes]), 'a.pdf');
      const res = await manager.action('POST', `/resources/leads/records/${lead.id}/convert`, form);
      expect(res.json.errors?.document?.message ?? res.json.notice?.message).toBe(message);
      expect((await leadRow(lead.id)).status).toBe('new');
    }
  });

  it('mark lost needs a reason; a lost or converted lead keeps everything but its notes', async () => {
    const manager = await as('manager');
    const lead = await makeLead(t.ds);
    const noReason = await manager.action('POST', `/resources/leads/records/${lead.id}/markLost`, { reason: '  ' });
    expect(noReason.json.errors.reason.message).toBe('Обязательное поле');
    expect((await manager.action('POST', `/resources/leads/records/${lead.id}/markLost`, { reason: 'Дорого' })).json.notice.type).toBe('success');
    expect(await leadRow(lead.id)).toMatchObject({ status: 'lost', lost_reason: 'Дорого' });

    const rename = await manager.action('POST', `/resources/leads/records/${lead.id}/edit`, { firstName: 'Другое', notes: 'перезвонить в мае' });
    expect(rename.json.record.errors.firstName.message).toBe('Только для чтения');
    const notes = await manager.action('POST', `/resources/leads/records/${lead.id}/edit`, { notes: 'перезвонить в мае' });
    expect(notes.json.notice.type).toBe('success');
    expect(await leadRow(lead.id)).toMatchObject({ notes: 'перезвонить в мае', status: 'lost' });
    const convertLost = await manager.action('POST', `/resources/leads/records/${lead.id}/convert`, contract);
    expect(convertLost.json.notice.message).toBe('Лид в отказе: перевести его в клиенты нельзя');
  });

  it('an operator cannot convert, and a marketer cannot mark lost', async () => {
    const lead = await makeLead(t.ds);
    const operator = await as('operator');
    const marketer = await as('marketer');
    const customersBefore = await count(t.ds, 'customers');
    const convert = await operator.action('POST', `/resources/leads/records/${lead.id}/convert`, contract);
    // Refused before the form is read (src/admin/bodies.ts).
    expect(convert).toEqual({ status: 403, json: { error: expect.objectContaining({ code: 'forbidden' }) } });
    const lost = await marketer.action('POST', `/resources/leads/records/${lead.id}/markLost`, { reason: 'x' });
    expect(lost).toEqual({ status: 403, json: { error: expect.objectContaining({ code: 'forbidden' }) } });
    expect((await leadRow(lead.id)).status).toBe('new');
    expect(await count(t.ds, 'customers')).toBe(customersBefore);
  });
});

describe('related figures', () => {
  it("a customer's page shows its sales volume over all its contracts; a campaign's page its lead count", async () => {
    const manager = await as('manager');
    const campaign = await makeCampaign(t.ds);
    const lead = await makeLead(t.ds, { campaignId: campaign.id });
    await manager.action('POST', `/resources/leads/records/${lead.id}/convert`, { ...contract, amount: '1000.10' });
    const [c] = await t.ds.query(`SELECT id FROM customers WHERE lead_id = $1`, [lead.id]);
    const svc = await makeService(t.ds);
    const more = await manager.action('POST', '/resources/contracts/actions/new', {
      name: 'Продление', customerId: c.id, serviceId: svc.id, amount: '2000.05', signedOn: '2027-01-01', startsOn: '2027-01-01', endsOn: '2027-12-31',
    });
    expect(more.json.notice.type).toBe('success');
    const show = await manager.action('GET', `/resources/customers/records/${c.id}/show`);
    expect(show.json.record.params).toMatchObject({ salesVolume: '3000.15', contractsCount: 2 });
    const leadShow = await manager.action('GET', `/resources/leads/records/${lead.id}/show`);
    expect(leadShow.json.record.params.customerId).toBe(c.id);
    const campaignShow = await manager.action('GET', `/resources/campaigns/records/${campaign.id}/show`);
    expect(campaignShow.json.record.params.leadsCount).toBe(1);
  });
});

describe('contract documents in the panel', () => {
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
  const formOf = (fields: Record<string, string | number>, file?: [Buffer, string]) => {
    const f = new FormData();
    Object.entries(fields).forEach(([k, v]) => f.append(k, String(v)));
    if (file) f.append('document', new Blob([new Uint8Array(file[0])]), file[1]);
    return f;
  };
  const docOf = async (contractId: number) =>
    (await t.ds.query(`SELECT d.id, d.file_name, d.data FROM contracts k LEFT JOIN documents d ON d.id = k.document_id WHERE k.id = $1`, [contractId]))[0];

  it('a manager adds a contract with a document, replaces it on edit; a bad file is refused beside the field, nothing written', async () => {
    const manager = await as('manager');
    const { id: customerId } = await makeCustomerFor();
    const svc = await makeService(t.ds);
    const fields = { name: 'Допсоглашение', customerId, serviceId: svc.id, amount: '700', signedOn: '2027-01-01', startsOn: '2027-01-01', endsOn: '2027-12-31' };

    const tempFiles = new Set(uploadTempFiles());
    const before = { contracts: await count(t.ds, 'contracts'), documents: await count(t.ds, 'documents') };
    const exe = await manager.action('POST', '/resources/contracts/actions/new', formOf(fields, [Buffer.from('MZ\x90\x00 not a pdf'), 'contract.pdf']));
    expect(exe.json.record.errors.document.message).toBe('Допустимы только PDF, DOC, DOCX, ODT, PNG и JPG');
    expect({ contracts: await count(t.ds, 'contracts'), documents: await count(t.ds, 'documents') }).toEqual(before);

    const created = await manager.action('POST', '/resources/contracts/actions/new', formOf(fields, [pdf, 'Допсоглашение.pdf']));
    expect(created.json.notice.type).toBe('success');
    const contractId = Number(created.json.record.id);
    const first = await docOf(contractId);
    expect(first.file_name).toBe('Допсоглашение.pdf');
    expect(Buffer.from(first.data).equals(pdf)).toBe(true);

    // the form's drop zone is told the configured limit (MAX_DOCUMENT_MB=0.05 here), as is the Convert form's
    const page = await (await manager.get('/admin')).text();
    expect(page).toContain('"custom":{"maxBytes":52428.8}');
    expect(page).toContain('"custom":{"maxDocumentBytes":52428.8,');

    const edit = await manager.action('GET', `/resources/contracts/records/${contractId}/edit`);
    expect(edit.json.record.params).toMatchObject({ documentId: first.id, documentName: 'Допсоглашение.pdf' });

    const big = await manager.action('POST', `/resources/contracts/records/${contractId}/edit`, formOf({ amount: '900' }, [Buffer.concat([pdf, Buffer.alloc(60 * 1024, 32)]), 'big.pdf']));
    expect(big.json.record.errors.document.message).toBe('Файл больше 0,05 МБ');
    expect((await docOf(contractId)).id).toBe(first.id);
    expect((await t.ds.query(`SELECT amount FROM contracts WHERE id = $1`, [contractId]))[0].amount).toBe('700.00');

    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
    const replaced = await manager.action('POST', `/resources/contracts/records/${contractId}/edit`, formOf({ ...fields, amount: '900' }, [png, 'скан.png']));
    expect(replaced.json.notice.type).toBe('success');
    const second = await docOf(contractId);
    expect(second.file_name).toBe('скан.png');
    expect(await t.ds.query(`SELECT id FROM documents WHERE id = $1`, [first.id])).toEqual([]);
    const download = await manager.get(`/admin/documents/${second.id}`);
    expect(download.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await download.arrayBuffer()).equals(png)).toBe(true);

    // an edit without a file keeps the document
    const plain = await manager.action('POST', `/resources/contracts/records/${contractId}/edit`, { ...fields, name: 'Переименован' });
    expect(plain.json.notice.type).toBe('success');
    expect((await docOf(contractId)).id).toBe(second.id);

    // the uploads' temporary files, accepted or refused, are gone from the temp folder
    expect(uploadTempFiles().filter((f) => !tempFiles.has(f))).toEqual([]);
  });
});

/** The temporary files the panel's form parser (express-formidable) writes uploads to. */
function uploadTempFiles(): string[] {
  return fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('upload_'));
}
