import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configSchema, type Config } from '../../src/config/schema.js';
import { dpiaReview, twelveMonthsAfter } from '../../src/policy/consent/dpia.js';
import { signInputsFromConfig } from '../../src/policy/consent/signage.js';
import { renderStaffNotice, shortVersion, staffNotice, type Employee } from '../../src/policy/consent/staff-notice.js';
import { staffRulesFor, workstationFlags } from '../../src/policy/consent/staff-rules.js';
import { checkStaffMember } from '../../src/policy/consent/staff-store.js';
import { flagRoutineViewing, ROUTINE_THRESHOLDS } from '../../src/policy/consent/viewing-review.js';
import type { ViewingEntry } from '../../src/audit/entries.js';

const BASE = {
  jurisdiction: 'EU',
  timezone: 'Europe/Paris',
  business: { name: 'Bistro Test', address: '1 rue Test, Paris', contact: { name: 'Gérante', email: 'privacy@bistro.example' } },
  cameras: [
    { id: 'till', name: 'Till', rtsp: 'rtsp://10.0.0.5/s', purposes: ['Investigate till discrepancies'], area: 'cash' },
    { id: 'line', name: 'Kitchen line', rtsp: 'rtsp://10.0.0.6/s', purposes: ['Investigate thefts of stock from the kitchen'], area: 'kitchen', schedule: [{ days: ['mon', 'tue'], from: '22:00', to: '06:00' }] },
    { id: 'door', rtsp: 'rtsp://10.0.0.7/s', purposes: ['Identify intruders entering after closing'], area: 'entrance' },
    { id: 'wc', rtsp: 'rtsp://10.0.0.8/s', purposes: ['Investigate vandalism of the hand dryer'], area: 'washroom' },
  ],
};

function config(change: (c: typeof BASE) => void = () => undefined): Config {
  const copy = structuredClone(BASE);
  change(copy);
  return configSchema.parse(copy);
}

const cook: Employee = { id: 1, name: 'Marie Dupont', role: 'cook', areas: ['kitchen', 'storage'], language: 'fr' };
const cashier: Employee = { id: 2, name: 'Sam Lee', role: 'cashier', areas: ['cash', 'entrance'], language: 'en' };

const notice = (c: Config, e: Employee) => staffNotice(signInputsFromConfig(c), e);

describe('individual staff notice', () => {
  it('lists the cameras that see where the person works, never a washroom camera', () => {
    assert.deepEqual(notice(config(), cook).content.cameras.map((c) => c.id), ['line']);
    assert.deepEqual(notice(config(), cashier).content.cameras.map((c) => c.id), ['till', 'door']);
    assert.deepEqual(notice(config(), { ...cashier, areas: ['washroom'] }).content.cameras, []);
  });

  it('keeps its version while nothing it says changes, and changes it when it does', () => {
    const v = notice(config(), cook).version;
    assert.match(v, /^[0-9a-f]{64}$/);
    assert.equal(notice(config(), cook).version, v, 'same facts, same version');
    // A camera where the cook never works is not on the cook's notice.
    assert.equal(notice(config((c) => void (c.cameras[2]!.purposes = ['Identify intruders at the back door after closing'])), cook).version, v);
    assert.equal(notice(config((c) => void c.cameras.push({ id: 'bar', rtsp: 'rtsp://10.0.0.9/s', purposes: ['Investigate till discrepancies at the bar'], area: 'cash' })), cook).version, v);
    // What it says about the cook's own area changes it.
    assert.notEqual(notice(config((c) => void (c.cameras[1]!.purposes = ['Investigate thefts of knives'])), cook).version, v);
    assert.notEqual(notice(config((c) => void c.cameras.push({ id: 'store', rtsp: 'rtsp://10.0.0.9/s', purposes: ['Investigate thefts of stock'], area: 'storage' })), cook).version, v);
    assert.notEqual(notice(config((c) => void Object.assign(c.cameras[1]!, { retention: { maxAge: '48h' } })), cook).version, v);
    assert.notEqual(notice(config((c) => void Object.assign(c.cameras[1]!, { audio: true })), cook).version, v);
    assert.notEqual(notice(config(), { ...cook, language: 'en' }).version, v, 'another language is another notice');
    assert.notEqual(notice(config(), { ...cook, role: 'head chef' }).version, v);
  });

  it('renders in the employee language with the version to sign against', () => {
    const n = notice(config(), cook);
    const fr = renderStaffNotice(n);
    assert.match(fr, /^# Vidéosurveillance sur votre lieu de travail : information de Marie Dupont/);
    assert.match(fr, /\| Kitchen line \| cuisine \(un poste de travail\) \| Investigate thefts of stock from the kitchen \| lun\., mar\. 22:00–06:00 \(Europe\/Paris\) \| non enregistré \| 72 heures, puis suppression automatique \|/);
    assert.ok(fr.includes(`Version de la note ${shortVersion(n.version)}`));
    assert.ok(fr.includes('Je soussigné(e), Marie Dupont'));
    const en = renderStaffNotice(notice(config(), cashier));
    assert.match(en, /\| Till \| till \/ cash desk \(a workstation\) \| Investigate till discrepancies \| at all times \| not recorded \| 72 hours, then deleted automatically \| none \|/);
    assert.match(en, /You may ask for a copy of footage of yourself: ask Gérante, privacy@bistro\.example\. The answer is due within one month/);
    assert.ok(!en.includes('individually'), 'the EU profile has no individual-notice rule of its own');
  });

  it('under FR: informs individually, names the CNIL and flags workstation cameras for review', () => {
    // The FR code may not be in the schema yet: the staff rules are keyed by the code as a string.
    // The FR retention profile comes with the FR jurisdiction profile: the retention is given here.
    const fr = { ...config(), jurisdiction: 'FR' } as unknown as Config;
    const n = staffNotice(signInputsFromConfig(fr, () => ({ ms: 72 * 3_600_000, text: '72 hours' })), cook);
    assert.equal(n.content.individualNotice, true);
    const text = renderStaffNotice(n);
    assert.match(text, /remise individuellement, comme la loi l'exige \(Code du travail, art\. L1222-4/);
    assert.match(text, /la CNIL \(cnil\.fr\)/);
    assert.deepEqual(workstationFlags('FR', fr.cameras).map((f) => f.camera), ['till', 'line']);
    assert.deepEqual(workstationFlags('EU', fr.cameras), []);
    assert.deepEqual(workstationFlags('CA-BC', fr.cameras), []);
    assert.equal(staffRulesFor('XX').individualNotice, false);
  });

  it('refuses a member without areas, in a washroom, or in an unknown language, naming the field', () => {
    assert.throws(() => checkStaffMember({ name: 'A', role: 'cook', areas: [] }), /^PremisesError: areas: list where the person works/);
    assert.throws(() => checkStaffMember({ name: 'A', role: 'cook', areas: ['washroom'] }), /areas: "washroom" is not a work area/);
    assert.throws(() => checkStaffMember({ name: 'A', role: 'cook', areas: ['kitchen'], language: 'de' }), /language: "de" is not one of en, fr, es, zh-Hans, zh-Hant/);
    assert.throws(() => checkStaffMember({ name: ' ', role: 'cook', areas: ['kitchen'] }), /name: give the person's name/);
    assert.deepEqual(checkStaffMember({ name: ' A ', role: 'cook', areas: ['kitchen', ' kitchen', 'cash'] }), { name: 'A', role: 'cook', areas: ['kitchen', 'cash'], language: 'en' });
  });
});

describe('assessment review', () => {
  const saved = Date.UTC(2026, 1, 10, 9);
  it('is missing until saved, current for 12 months, then overdue; changed facts call for a review sooner', () => {
    assert.equal(dpiaReview(undefined, 'f', saved).state, 'missing');
    const latest = { version: 1, savedAt: saved, savedBy: 'cli:owner', factsSha256: 'f' };
    const current = dpiaReview(latest, 'f', saved + 1000);
    assert.equal(current.state, 'current');
    assert.equal(current.dueAt, Date.UTC(2027, 1, 10, 9));
    assert.equal(dpiaReview(latest, 'f', Date.UTC(2027, 1, 10, 8, 59)).state, 'current');
    assert.equal(dpiaReview(latest, 'f', Date.UTC(2027, 1, 10, 9)).state, 'overdue');
    assert.match(dpiaReview(latest, 'f', Date.UTC(2027, 5, 1)).text, /^REVIEW OVERDUE: version 1 was saved 2026-02-10, more than 12 months ago \(due 2027-02-10\)/);
    assert.equal(dpiaReview(latest, 'g', saved + 1000).state, 'changed');
    assert.equal(twelveMonthsAfter(Date.UTC(2028, 1, 29)), Date.UTC(2029, 2, 1), '29 February: due 1 March');
  });
});

describe('routine viewing', () => {
  const DAY = 86_400_000;
  const t0 = Date.UTC(2026, 10, 2, 12);
  const entry = (actor: string, action: string, day: number, reason: string | null): ViewingEntry => ({ actor, action, at: t0 + day * DAY, camera: 'camera:till', reason });

  it('flags playback with a routine reason on 4 days, and live viewing on 15 days; incident reasons are not routine', () => {
    assert.deepEqual(ROUTINE_THRESHOLDS, { playbackDays: 4, liveDays: 15 });
    const entries = [
      // Routine playback on 4 different days (twice on one day: days count, not sessions).
      ...[0, 1, 1, 5, 9].map((d) => entry('user:manager', 'playback.started', d, 'other')),
      // Three days only: below the threshold.
      ...[0, 2, 4].map((d) => entry('user:shift', 'playback.started', d, 'other')),
      // Every viewing for an incident: never flagged however often.
      ...Array.from({ length: 20 }, (_, d) => entry('user:owner', 'playback.started', d, 'incident')),
      // Live on 15 days, with many sessions per day (a grid of tiles).
      ...Array.from({ length: 45 }, (_, i) => entry('user:watcher', 'live.view-started', i % 15, null)),
      ...Array.from({ length: 14 }, (_, d) => entry('user:sometimes', 'live.view-started', d, null)),
    ];
    const flags = flagRoutineViewing(entries, 'Europe/Paris');
    assert.deepEqual(
      flags.map((f) => [f.actor, f.routinePlaybackDays, f.liveDays]),
      [
        ['user:manager', 4, 0],
        ['user:watcher', 0, 15],
      ],
    );
    assert.match(flags[0]!.text, /^user:manager viewed recordings without an incident reason on 4 days of the last 30 \(cameras till; 0 viewing\(s\) for an incident reason\)$/);
  });
});
