/**
 * The data of a customer's card (and of a converted lead's) comes from one service, which gives each role only
 * what the permission table lets it read: contracts and sales volume to those who may list contracts, the card
 * itself to those who may see customers.
 */
import { customerCard, customerCardOfLead } from '../../src/modules/customers/conversion.service.js';
import type { Actor } from '../../src/modules/users/permissions.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { makeCustomer, makeLead } from '../support/factories.js';

let t: TestApp;
const actor = (roles: Actor['roles']): Actor => ({ id: 1, email: 'x@example.com', roles });

beforeAll(async () => {
  t = await startTestApp();
}, 60_000);

afterAll(async () => {
  await t?.close();
});

it('a manager gets the contacts, the contracts in signing order and their exact sum; an operator gets no card', async () => {
  const c = await makeCustomer(t.ds, { phone: '+79123456789', email: 'anna@example.com', amount: '0.10' });
  const lead = { id: c.leadId };
  await t.ds.query(
    `INSERT INTO contracts (name, service_id, customer_id, amount, signed_on, starts_on, ends_on)
     SELECT 'Второй', service_id, customer_id, 9999999999.20, '2026-02-01', '2026-02-01', '2026-03-01' FROM contracts WHERE id = $1`,
    [c.contractId],
  );
  for (const roles of [['manager'], ['admin']] as Actor['roles'][]) {
    const card = await customerCard(actor(roles), c.id);
    expect(card).toMatchObject({ customerId: c.id, leadId: lead.id, phone: '+79123456789', email: 'anna@example.com', contractsCount: 2, salesVolume: '9999999999.30', canAddContract: true });
    expect(card.contracts!.map((k) => [k.name, k.amount, k.startsOn, k.endsOn])).toEqual([
      ['Второй', '9999999999.20', '2026-02-01', '2026-03-01'],
      ['Договор', '0.10', '2026-01-15', '2026-12-31'],
    ]);
  }
  for (const roles of [['operator'], ['marketer']] as Actor['roles'][]) {
    await expect(customerCard(actor(roles), c.id)).rejects.toMatchObject({ code: 'forbidden' });
    // the lead's card names the customer but carries none of its contracts
    expect(await customerCardOfLead(actor(roles), lead.id)).toMatchObject({ customerId: c.id, contracts: null, salesVolume: null, canAddContract: false });
  }
  expect((await customerCardOfLead(actor(['manager']), lead.id))!.contracts).toHaveLength(2);
  expect(await customerCardOfLead(actor(['manager']), (await makeLead(t.ds)).id)).toBeNull();
});
