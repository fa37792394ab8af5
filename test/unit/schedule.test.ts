import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WEEKDAYS } from '../../src/config/schema.js';
import { describeSchedule, isRecordingAllowed, nextTransition, resolveLocalTime, type ScheduleWindow } from '../../src/policy/consent/schedule.js';

const VAN = 'America/Vancouver';
const BER = 'Europe/Berlin';
const Z = (iso: string) => Date.parse(iso);
const every = (from: string, to: string): ScheduleWindow[] => [{ days: [...WEEKDAYS], from, to }];
const MIN = 60_000;

void describe('resolveLocalTime', () => {
  void it('maps an ordinary local time through the zone offset', () => {
    assert.equal(resolveLocalTime(VAN, { y: 2026, mo: 1, d: 5 }, 9 * 60), Z('2026-01-05T17:00:00Z'));
    assert.equal(resolveLocalTime(BER, { y: 2026, mo: 7, d: 1 }, 9 * 60), Z('2026-07-01T07:00:00Z'));
  });
  void it('puts a time inside the spring-forward gap at the jump', () => {
    // 2026-03-08 02:30 does not exist in Vancouver; clocks jump 02:00 PST -> 03:00 PDT at 10:00Z.
    assert.equal(resolveLocalTime(VAN, { y: 2026, mo: 3, d: 8 }, 2 * 60 + 30), Z('2026-03-08T10:00:00Z'));
    assert.equal(resolveLocalTime(BER, { y: 2026, mo: 3, d: 29 }, 2 * 60 + 15), Z('2026-03-29T01:00:00Z'));
  });
  void it('takes the first occurrence of a repeated fall-back time', () => {
    // 01:30 happens twice in Vancouver on 2026-11-01: 08:30Z (PDT) and 09:30Z (PST).
    assert.equal(resolveLocalTime(VAN, { y: 2026, mo: 11, d: 1 }, 90), Z('2026-11-01T08:30:00Z'));
    // 02:30 happens twice in Berlin on 2026-10-25: 00:30Z (CEST) and 01:30Z (CET).
    assert.equal(resolveLocalTime(BER, { y: 2026, mo: 10, d: 25 }, 150), Z('2026-10-25T00:30:00Z'));
  });
});

void describe('isRecordingAllowed and nextTransition', () => {
  void it('no schedule records always and never changes; an explicit whole day too', () => {
    assert.equal(isRecordingAllowed(undefined, VAN, Z('2026-03-08T10:00:00Z')), true);
    assert.equal(nextTransition(undefined, VAN, Z('2026-03-08T10:00:00Z')), null);
    const allDay = every('00:00', '24:00');
    for (const t of ['2026-03-08T09:59:00Z', '2026-03-08T10:00:00Z', '2026-11-01T09:15:00Z']) assert.equal(isRecordingAllowed(allDay, VAN, Z(t)), true);
    assert.equal(nextTransition(allDay, VAN, Z('2026-03-08T10:00:00Z')), null);
  });

  void it('opens and closes a weekday window at its edges (winter, Vancouver)', () => {
    const s: ScheduleWindow[] = [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00' }];
    assert.equal(isRecordingAllowed(s, VAN, Z('2026-01-05T16:59:59Z')), false); // Mon 08:59:59
    assert.equal(isRecordingAllowed(s, VAN, Z('2026-01-05T17:00:00Z')), true);
    assert.deepEqual(nextTransition(s, VAN, Z('2026-01-05T12:00:00Z')), { at: Z('2026-01-05T17:00:00Z'), recording: true });
    assert.deepEqual(nextTransition(s, VAN, Z('2026-01-05T17:00:00Z')), { at: Z('2026-01-06T01:00:00Z'), recording: false });
    // Friday evening -> next opening is Monday.
    assert.deepEqual(nextTransition(s, VAN, Z('2026-01-10T02:00:00Z')), { at: Z('2026-01-12T17:00:00Z'), recording: true });
    assert.equal(isRecordingAllowed(s, VAN, Z('2026-01-10T20:00:00Z')), false); // Saturday noon
  });

  void it('an overnight window belongs to the day it starts on', () => {
    const s: ScheduleWindow[] = [{ days: ['fri'], from: '22:00', to: '07:00' }];
    // Fri 2026-01-09 22:00 PST = Sat 06:00Z; ends Sat 07:00 PST = 15:00Z.
    assert.equal(isRecordingAllowed(s, VAN, Z('2026-01-10T14:00:00Z')), true); // Sat 06:00 local
    assert.equal(isRecordingAllowed(s, VAN, Z('2026-01-10T15:00:00Z')), false);
    assert.equal(isRecordingAllowed(s, VAN, Z('2026-01-11T06:30:00Z')), false); // Sat 22:30 local: not a Friday
  });

  void it('spring forward (Vancouver): an overnight window is an hour shorter and ends at 07:00 PDT', () => {
    const s = every('22:00', '07:00');
    // Sat 2026-03-07 22:00 PST = 2026-03-08T06:00Z; Sun 07:00 PDT = 14:00Z.
    assert.deepEqual(nextTransition(s, VAN, Z('2026-03-08T05:00:00Z')), { at: Z('2026-03-08T06:00:00Z'), recording: true });
    assert.equal(isRecordingAllowed(s, VAN, Z('2026-03-08T10:00:00Z')), true); // the jump itself
    assert.equal(isRecordingAllowed(s, VAN, Z('2026-03-08T13:59:59Z')), true);
    assert.equal(isRecordingAllowed(s, VAN, Z('2026-03-08T14:00:00Z')), false);
    assert.deepEqual(nextTransition(s, VAN, Z('2026-03-08T06:00:00Z')), { at: Z('2026-03-08T14:00:00Z'), recording: false });
    // Next start: Sun 22:00 PDT = Mon 05:00Z.
    assert.deepEqual(nextTransition(s, VAN, Z('2026-03-08T14:00:00Z')), { at: Z('2026-03-09T05:00:00Z'), recording: true });
  });

  void it('spring forward (Vancouver): a window starting inside the gap starts at the jump', () => {
    const s: ScheduleWindow[] = [{ days: ['sun'], from: '02:30', to: '04:00' }];
    assert.equal(isRecordingAllowed(s, VAN, Z('2026-03-08T09:59:59Z')), false); // 01:59:59 PST
    assert.deepEqual(nextTransition(s, VAN, Z('2026-03-08T09:00:00Z')), { at: Z('2026-03-08T10:00:00Z'), recording: true });
    assert.deepEqual(nextTransition(s, VAN, Z('2026-03-08T10:00:00Z')), { at: Z('2026-03-08T11:00:00Z'), recording: false });
  });

  void it('fall back (Vancouver): a window ending at 01:30 ends once and the repeated hour does not reopen it', () => {
    const s = every('22:00', '01:30');
    // Sat 2026-10-31 22:00 PDT = 2026-11-01T05:00Z; first 01:30 (PDT) = 08:30Z.
    assert.equal(isRecordingAllowed(s, VAN, Z('2026-11-01T08:29:59Z')), true);
    assert.equal(isRecordingAllowed(s, VAN, Z('2026-11-01T08:30:00Z')), false);
    assert.equal(isRecordingAllowed(s, VAN, Z('2026-11-01T09:15:00Z')), false); // 01:15 PST, the second time round
    assert.deepEqual(nextTransition(s, VAN, Z('2026-11-01T08:30:00Z')), { at: Z('2026-11-02T06:00:00Z'), recording: true }); // Sun 22:00 PST
  });

  void it('fall back (Vancouver): a window through the repeated hour lasts an hour longer', () => {
    const s: ScheduleWindow[] = [{ days: ['sun'], from: '00:00', to: '06:00' }];
    assert.deepEqual(nextTransition(s, VAN, Z('2026-11-01T06:00:00Z')), { at: Z('2026-11-01T07:00:00Z'), recording: true });
    assert.equal(isRecordingAllowed(s, VAN, Z('2026-11-01T09:30:00Z')), true); // 01:30 PST
    assert.deepEqual(nextTransition(s, VAN, Z('2026-11-01T07:00:00Z')), { at: Z('2026-11-01T14:00:00Z'), recording: false }); // 06:00 PST
  });

  void it('spring forward (Berlin): an overnight window ends at 06:00 CEST', () => {
    const s = every('22:00', '06:00');
    // Sat 2026-03-28 22:00 CET = 21:00Z; Sun 06:00 CEST = 04:00Z.
    assert.equal(isRecordingAllowed(s, BER, Z('2026-03-28T20:59:59Z')), false);
    assert.equal(isRecordingAllowed(s, BER, Z('2026-03-28T21:00:00Z')), true);
    assert.equal(isRecordingAllowed(s, BER, Z('2026-03-29T03:59:59Z')), true);
    assert.equal(isRecordingAllowed(s, BER, Z('2026-03-29T04:00:00Z')), false);
    assert.deepEqual(nextTransition(s, BER, Z('2026-03-28T21:00:00Z')), { at: Z('2026-03-29T04:00:00Z'), recording: false });
  });

  void it('fall back (Berlin): a window in the repeated hour runs from its first occurrence', () => {
    const s: ScheduleWindow[] = [{ days: ['sun'], from: '02:30', to: '03:30' }];
    // First 02:30 is 00:30Z (CEST); 03:30 CET is 02:30Z: two real hours.
    assert.equal(isRecordingAllowed(s, BER, Z('2026-10-25T00:29:59Z')), false);
    assert.equal(isRecordingAllowed(s, BER, Z('2026-10-25T00:30:00Z')), true);
    assert.equal(isRecordingAllowed(s, BER, Z('2026-10-25T01:45:00Z')), true); // 02:45 CET, second time round
    assert.deepEqual(nextTransition(s, BER, Z('2026-10-25T00:30:00Z')), { at: Z('2026-10-25T02:30:00Z'), recording: false });
  });

  void it('a fake clock walking across each DST week sees changes exactly where nextTransition says', () => {
    const cases: Array<[string, ScheduleWindow[], string]> = [
      [VAN, [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '18:00', to: '02:30' }, { days: ['sat', 'sun'], from: '00:00', to: '24:00' }], '2026-03-05T00:00:00Z'],
      [VAN, every('22:00', '07:00'), '2026-10-29T00:00:00Z'],
      [BER, every('01:30', '02:30'), '2026-03-26T00:00:00Z'],
      [BER, [{ days: ['sat', 'sun'], from: '20:00', to: '03:00' }], '2026-10-22T00:00:00Z'],
    ];
    for (const [tz, schedule, startIso] of cases) {
      let t = Z(startIso);
      const end = t + 7 * 24 * 60 * MIN;
      let checked = 0;
      while (t < end) {
        const now = isRecordingAllowed(schedule, tz, t);
        const next = nextTransition(schedule, tz, t);
        assert.ok(next, `${tz} ${new Date(t).toISOString()}: expected a transition`);
        assert.ok(next.at > t);
        assert.equal(next.recording, !now, `${tz} ${new Date(t).toISOString()}`);
        assert.equal(isRecordingAllowed(schedule, tz, next.at), next.recording);
        assert.equal(isRecordingAllowed(schedule, tz, next.at - 1000), now, `${tz}: no change before ${new Date(next.at).toISOString()}`);
        // Sample the stretch up to the transition every 7 minutes: the answer must not change.
        for (let u = t + 7 * MIN; u < next.at && u < end; u += 7 * MIN) assert.equal(isRecordingAllowed(schedule, tz, u), now);
        t = next.at;
        checked++;
      }
      assert.ok(checked >= 2, `${tz}: the walk saw ${checked} transitions`);
    }
  });

  void it('describes a schedule for people', () => {
    assert.equal(describeSchedule(undefined, VAN), 'at all times');
    assert.equal(describeSchedule([{ days: ['mon', 'fri'], from: '22:00', to: '07:00' }], VAN), 'mon, fri 22:00–07:00 (ends the next day) (America/Vancouver local time)');
  });
});
