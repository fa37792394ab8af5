import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { overdueRequests } from '../../src/disclosure/requests/requests.js';
import { accessRequestDeadline, addBcPipaDays, addMonthsGdpr, bcHolidays, easterSunday, isBcPipaDay, parseDate } from '../../src/disclosure/requests/deadline.js';

void describe('access-request deadlines', () => {
  void it('computes Easter Sunday, including the earliest and latest possible dates', () => {
    const known: Record<number, string> = {
      2000: '2000-04-23', 2019: '2019-04-21', 2024: '2024-03-31', 2025: '2025-04-20', 2026: '2026-04-05', 2027: '2027-03-28',
      2038: '2038-04-25', 2285: '2285-03-22',
    };
    for (const [year, date] of Object.entries(known)) assert.equal(easterSunday(Number(year)), date, year);
  });

  void it('lists the BC Interpretation Act holidays of 2024 as published', () => {
    const h = bcHolidays(2024);
    const expected = [
      '2024-01-01', '2024-02-19', '2024-03-29', '2024-04-01', '2024-05-20', '2024-07-01', '2024-08-05', '2024-09-02',
      '2024-09-30', '2024-10-14', '2024-11-11', '2024-12-25', '2024-12-26',
    ];
    assert.deepEqual([...h.keys()].sort(), expected);
    assert.equal(h.get('2024-03-29'), 'Good Friday');
    assert.equal(h.get('2024-04-01'), 'Easter Monday');
  });

  void it('moves Family Day and adds Truth and Reconciliation Day in the years the law changed', () => {
    assert.equal(bcHolidays(2018).has('2018-02-12'), true); // second Monday until 2018
    assert.equal(bcHolidays(2019).has('2019-02-18'), true); // third Monday from 2019
    assert.equal([...bcHolidays(2012).values()].includes('Family Day'), false);
    assert.equal(bcHolidays(2022).has('2022-09-30'), false);
    assert.equal(bcHolidays(2023).has('2023-09-30'), true);
    assert.equal(bcHolidays(2023).has('2023-05-22'), true); // Victoria Day: Monday before May 25
    assert.equal(bcHolidays(2027).has('2027-05-24'), true); // May 24 itself when it is a Monday
    assert.equal(bcHolidays(2029).has('2029-07-02'), true); // Canada Day on a Sunday is kept on July 2
  });

  void it('a BC PIPA day excludes Saturdays, Sundays and holidays', () => {
    assert.equal(isBcPipaDay('2026-11-27'), true); // Friday
    assert.equal(isBcPipaDay('2026-11-28'), false); // Saturday
    assert.equal(isBcPipaDay('2026-11-29'), false); // Sunday (a holiday)
    assert.equal(isBcPipaDay('2026-04-03'), false); // Good Friday
    assert.equal(isBcPipaDay('2026-04-06'), false); // Easter Monday
    assert.equal(isBcPipaDay('2026-12-10', new Set(['2026-12-10'])), false); // a proclaimed day of mourning
    assert.equal(addBcPipaDays('2026-11-26', 1), '2026-11-27');
    assert.equal(addBcPipaDays('2026-11-27', 1), '2026-11-30');
  });

  void it('CA-BC: 30 PIPA days, skipping Christmas, December 26 and New Year; extension 30 more', () => {
    const d = accessRequestDeadline('CA-BC', '2026-11-26');
    assert.equal(d.due, '2027-01-11');
    assert.equal(d.extendedDue, addBcPipaDays('2027-01-11', 30));
    assert.equal(d.extendedDue, '2027-02-23'); // skips Family Day 2027-02-15
    assert.match(d.rule, /PIPA s\.29/);
    // Easter: received the Thursday before Good Friday; both Good Friday and Easter Monday are skipped.
    assert.equal(addBcPipaDays('2026-04-02', 2), '2026-04-08');
  });

  void it('CA: 30 calendar days, +30', () => {
    assert.deepEqual(
      { due: accessRequestDeadline('CA', '2026-11-26').due, ext: accessRequestDeadline('CA', '2026-11-26').extendedDue },
      { due: '2026-12-26', ext: '2027-01-25' },
    );
  });

  void it('EU/UK: one month (same date or month end, weekend runs to Monday), extendable by two', () => {
    assert.equal(addMonthsGdpr('2026-03-15', 1), '2026-04-15');
    assert.equal(addMonthsGdpr('2026-01-31', 1), '2026-03-02'); // Feb 28 2026 is a Saturday
    assert.equal(addMonthsGdpr('2028-01-31', 1), '2028-02-29'); // leap year, a Tuesday
    assert.equal(addMonthsGdpr('2026-11-26', 1), '2026-12-28'); // Dec 26 is a Saturday
    const eu = accessRequestDeadline('EU', '2026-11-26');
    assert.equal(eu.due, '2026-12-28');
    assert.equal(eu.extendedDue, '2027-02-26');
    assert.match(accessRequestDeadline('UK', '2026-11-26').rule, /UK GDPR/);
  });

  void it('refuses dates that do not exist', () => {
    assert.throws(() => parseDate('2026-02-30'), RangeError);
    assert.throws(() => accessRequestDeadline('EU', '26/11/2026'), RangeError);
  });
});

void describe('overdue requests', () => {
  const r = (dueOn: string, extendedDueOn: string, extendedAt: number | null, closedAt: number | null = null) => ({ dueOn, extendedDueOn, extendedAt, closedAt });
  void it('uses the first deadline until the extension is recorded, then the extended one; closed requests are never overdue', () => {
    const today = '2026-12-15';
    assert.equal(overdueRequests([r('2026-12-14', '2027-01-14', null)], today).length, 1);
    assert.equal(overdueRequests([r('2026-12-15', '2027-01-14', null)], today).length, 0, 'due today is not yet overdue');
    assert.equal(overdueRequests([r('2026-12-14', '2027-01-14', 1)], today).length, 0);
    assert.equal(overdueRequests([r('2026-11-14', '2026-12-14', 1)], today).length, 1);
    assert.equal(overdueRequests([r('2026-11-14', '2026-12-14', null, 5)], today).length, 0);
  });
});
