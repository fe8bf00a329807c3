/**
 * The rules of a lead (src/modules/leads/lead.rules.ts) and the import's row check built on them
 * (src/modules/import/rows.ts): one set of limits, working statuses, the contact rule and which campaigns take
 * leads, whoever asks — the leads service, the importer or an adapter.
 */
import { LEAD_STATUSES } from '../../src/modules/leads/lead.entity.js';
import { assertCampaignTakesLeads, campaignRefusal, hasContact, isWorkingStatus, LEAD_LIMITS, WORKING_STATUSES } from '../../src/modules/leads/lead.rules.js';
import { renderProblems, renderStoredReason, rowProblems, stageRow } from '../../src/modules/import/rows.js';
import { DomainError } from '../../src/shared/errors.js';

const row = (over: Partial<Parameters<typeof rowProblems>[0]> = {}) => ({
  lastName: 'Иванов', firstName: 'Иван', middleName: '', notes: '', phoneRaw: '+79123456789', emailRaw: '', phone: '+79123456789', email: null, ...over,
});

describe('lead rules', () => {
  it('an edit moves only between new and in progress; converted and lost are set by their actions', () => {
    expect([...WORKING_STATUSES]).toEqual(['new', 'in_progress']);
    expect(LEAD_STATUSES.filter(isWorkingStatus)).toEqual(['new', 'in_progress']);
    for (const s of ['converted', 'lost', '', undefined, null, 'NEW']) expect(isWorkingStatus(s)).toBe(false);
  });

  it('a lead needs a phone or an e-mail', () => {
    expect(hasContact('+79123456789', null)).toBe(true);
    expect(hasContact(null, 'a@b.ru')).toBe(true);
    expect(hasContact('', '')).toBe(false);
    expect(hasContact(undefined, null)).toBe(false);
  });

  it('only a launched campaign (active or finished) takes leads', () => {
    expect(campaignRefusal({ status: 'active' })).toBeNull();
    expect(campaignRefusal({ status: 'finished' })).toBeNull();
    expect(campaignRefusal({ status: 'draft' })).toEqual({ code: 'campaign.notLaunched' });
    expect(campaignRefusal(null)).toEqual({ code: 'campaign.notFound' });
    expect(() => assertCampaignTakesLeads({ status: 'active' })).not.toThrow();
    try {
      assertCampaignTakesLeads({ status: 'draft' });
      throw new Error('not refused');
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).render('en').fields).toEqual({ campaignId: 'The campaign is not launched yet: leads go only to launched campaigns' });
    }
  });
});

describe('an imported row, checked by the same rules', () => {
  it('a good row has no problems', () => {
    expect(rowProblems(row())).toEqual([]);
  });

  it('names, lengths at the limits of a lead, the contact rule, invalid contacts — as codes, rendered in either language', () => {
    const name = 'Д'.repeat(LEAD_LIMITS.lastName);
    expect(rowProblems(row({ lastName: name, firstName: name, middleName: name, notes: 'x'.repeat(LEAD_LIMITS.notes) }))).toEqual([]);
    const problems = rowProblems(row({ lastName: `${name}Д`, firstName: '', middleName: `${name}Д`, phoneRaw: '12-34', phone: null, emailRaw: 'bad@', email: null }));
    expect(problems.map((p) => p.code)).toEqual(['importRow.lastNameTooLong', 'importRow.firstNameMissing', 'importRow.middleNameTooLong', 'importRow.phoneInvalid', 'importRow.emailInvalid']);
    expect(renderProblems(problems, 'ru')).toBe(
      'Фамилия длиннее 100 символов; нет имени; отчество длиннее 100 символов; не похоже на номер телефона: «12-34»; неверный e-mail: «bad@»',
    );
    expect(renderProblems(problems, 'en')).toBe(
      'Last name longer than 100 characters; no first name; middle name longer than 100 characters; not a phone number: "12-34"; invalid e-mail: "bad@"',
    );
    expect(renderProblems(rowProblems(row({ phoneRaw: '', phone: null })), 'en')).toBe('Neither a phone nor an e-mail');
  });

  it('a long value is quoted cut to 40 characters', () => {
    const [p] = rowProblems(row({ emailRaw: 'x'.repeat(60), email: null }));
    expect(p.params).toEqual({ value: `${'x'.repeat(40)}…` });
  });

  it('a reason stored before codes (a Russian sentence) is shown as it is', () => {
    expect(renderStoredReason(null, 'Нет фамилии', 'en')).toBe('Нет фамилии');
    expect(renderStoredReason([{ code: 'importRow.lastNameMissing' }], 'Нет фамилии', 'en')).toBe('No last name');
  });

  it('stageRow: a blank row is skipped; a row keeps its problems as JSON in the staging line; a text formula cell is read as its text', () => {
    const mapping = { lastName: 0, firstName: 1, phone: 2, email: 3 };
    expect(stageRow([' ', '', ''], 2, mapping)).toBeNull();
    const good = stageRow(['Иванов', 'Иван', '="+7 912 345-67-89"', ''], 2, mapping)!;
    expect(good.problems).toEqual([]);
    expect(good.copyLine.split('\t')[4]).toBe('+79123456789');
    const bad = stageRow(['', 'Иван', '', ''], 3, mapping)!;
    expect(bad.problems).toEqual([{ code: 'importRow.lastNameMissing' }, { code: 'importRow.contactMissing' }]);
    expect(JSON.parse(bad.copyLine.trimEnd().split('\t').at(-1)!)).toEqual(bad.problems);
  });
});
