import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from '../../src/config/load.js';
import { vaguePurposeReason } from '../../src/config/purpose.js';
import { cameraSchema, configSchema, type CameraConfig, type Config } from '../../src/config/schema.js';
import { decideCamera } from '../../src/policy/consent/decision.js';
import { cameraGates, gateVerdict, type GateCode } from '../../src/policy/consent/gates.js';
import type { PrivacyPause } from '../../src/policy/consent/pause.js';
import { FakeClock } from '../../src/shared/clock.js';

const business: Config['business'] = {
  name: 'Chez Test',
  address: '1 Main St, Vancouver BC',
  contact: { name: 'Manager', email: 'privacy@example.test' },
  staffFootageInDecisions: false,
};
const withBusiness = { business };

function cam(extra: Record<string, unknown> = {}): CameraConfig {
  return cameraSchema.parse({
    id: 'till',
    name: 'Till',
    rtsp: 'rtsp://10.0.0.5:554/stream1',
    purposes: ['Investigate till discrepancies and theft at the cash desk'],
    area: 'cash',
    signage: { location: 'Front door', date: '2026-11-20', confirmedBy: 'Alex (manager)' },
    ...extra,
  });
}

const codes = (c: CameraConfig, config: Pick<Config, 'business'> = withBusiness): GateCode[] => cameraGates(config, c).map((f) => f.code);

void describe('consent gates', () => {
  void it('a complete camera passes every gate', () => {
    const v = gateVerdict(withBusiness, cam());
    assert.deepEqual(v.failures, []);
    assert.equal(v.record, true);
    assert.equal(v.stream, true);
    assert.equal(v.audio, false);
  });

  void it('the minimal camera entry is valid config but fails the gates, each with reason and fix', () => {
    const config = configSchema.parse({ cameras: [{ id: 'till', name: 'Till', rtsp: 'rtsp://10.0.0.5/s' }] });
    const camera = config.cameras[0] as CameraConfig;
    const failures = cameraGates(config, camera);
    assert.deepEqual(failures.map((f) => f.code), ['no-business-profile', 'no-purpose', 'no-area', 'no-signage']);
    for (const f of failures) {
      assert.equal(f.camera, 'till');
      assert.ok(f.reason.includes("'till'"), f.reason);
      assert.ok(f.fix.length > 10);
    }
    const signage = failures.find((f) => f.code === 'no-signage');
    assert.match(signage?.reason ?? '', /camera 'till' has no signage record/);
    assert.match(signage?.fix ?? '', /signage: \{location, date, confirmedBy\}/);
    assert.match(signage?.fix ?? '', /premises signage --camera till/);
    assert.match(failures[0]?.fix ?? '', /business: \{name, address, contact/);
  });

  void it('each missing item fails its own gate alone', () => {
    assert.deepEqual(codes(cam(), { business: undefined }), ['no-business-profile']);
    assert.deepEqual(codes(cam({ purposes: undefined })), ['no-purpose']);
    assert.deepEqual(codes(cam({ area: undefined })), ['no-area']);
    assert.deepEqual(codes(cam({ signage: undefined })), ['no-signage']);
    const noReach = { business: { ...business, contact: { name: 'Manager' } } } as Pick<Config, 'business'>;
    assert.deepEqual(codes(cam(), noReach), ['no-accountable-contact']);
  });

  void it('refuses a vague purpose at run time even if it slipped past validation', () => {
    const c = { ...cam(), purposes: ['security'] };
    const failures = cameraGates(withBusiness, c);
    assert.deepEqual(failures.map((f) => f.code), ['vague-purpose']);
    assert.match(failures[0]?.reason ?? '', /"security" is not a specific purpose/);
  });

  for (const area of ['washroom', 'changing'] as const) {
    void it(`${area} never records or streams, whatever else the config says`, () => {
      const c = cam({
        area,
        enabled: true,
        diningJustification: 'There have been repeated thefts from bags at this spot',
        audio: false,
      });
      const v = gateVerdict(withBusiness, c);
      assert.deepEqual(v.failures.map((f) => f.code), ['area-never-recorded']);
      assert.equal(v.record, false);
      assert.equal(v.stream, false);
      assert.match(v.failures[0]?.reason ?? '', /never records or streams/);
      // No advice about purposes or signs that would suggest it could ever be made acceptable.
      assert.deepEqual(codes(cam({ area, purposes: undefined, signage: undefined }), { business: undefined }), ['area-never-recorded']);
      const d = decideCamera({ business, timezone: 'UTC' }, c, Date.UTC(2026, 0, 1), undefined);
      assert.equal(d.record, false);
      assert.equal(d.stream, false);
    });
  }

  void it('dining is off until a written justification is given', () => {
    const off = cam({ area: 'dining' });
    assert.deepEqual(codes(off), ['dining-needs-justification']);
    assert.match(cameraGates(withBusiness, off)[0]?.fix ?? '', /diningJustification/);
    const on = cam({ area: 'dining', diningJustification: 'Two walk-outs a week at the patio tables; staff cannot see them from the till' });
    assert.deepEqual(codes(on), []);
    assert.equal(gateVerdict(withBusiness, on).record, true);
  });

  void it('audio is off by default and never in dining, staff, washroom or changing areas', () => {
    assert.equal(cam().audio, false);
    const justified = { audioJustification: 'Verbal threats at the till have been reported several times', audioInterceptionWarningAcknowledged: true };
    for (const area of ['dining', 'staff'] as const) {
      const extra = area === 'dining' ? { diningJustification: 'Two walk-outs a week at the patio tables' } : {};
      const c = cam({ area, audio: true, ...justified, ...extra });
      assert.deepEqual(codes(c), ['audio-area-forbidden'], area);
      assert.equal(gateVerdict(withBusiness, c).audio, false);
    }
    const loo = cam({ area: 'washroom', audio: true, ...justified });
    assert.deepEqual(codes(loo), ['area-never-recorded']);
    assert.equal(gateVerdict(withBusiness, loo).audio, false);
  });

  void it('audio elsewhere needs both a justification and the interception warning acknowledged', () => {
    assert.deepEqual(codes(cam({ audio: true })), ['audio-needs-justification', 'audio-warning-not-acknowledged']);
    assert.deepEqual(codes(cam({ audio: true, audioInterceptionWarningAcknowledged: true })), ['audio-needs-justification']);
    const noAck = cam({ audio: true, audioJustification: 'Verbal threats at the till have been reported several times' });
    assert.deepEqual(codes(noAck), ['audio-warning-not-acknowledged']);
    assert.match(cameraGates(withBusiness, noAck)[0]?.reason ?? '', /Criminal Code s\.184/);
    const ok = cam({ audio: true, audioJustification: 'Verbal threats at the till have been reported several times', audioInterceptionWarningAcknowledged: true });
    assert.deepEqual(codes(ok), []);
    assert.equal(gateVerdict(withBusiness, ok).audio, true);
  });
});

void describe('purpose validation in config', () => {
  void it('refuses bare and dressed-up vague purposes', () => {
    for (const p of ['security', 'Safety', 'monitoring', 'for your safety', 'Security and safety purposes', 'CCTV monitoring', 'crime prevention', 'to ensure customer safety']) {
      assert.ok(vaguePurposeReason(p), p);
    }
    for (const p of ['Investigate till discrepancies', 'Identify people who break in after closing', 'Evidence of slip-and-fall incidents at the entrance']) {
      assert.equal(vaguePurposeReason(p), undefined, p);
    }
  });

  void it('config validation names the vague purpose and refuses an empty list', () => {
    const bad = parseConfig('cameras:\n  - id: till\n    rtsp: rtsp://10.0.0.5/s\n    purposes: ["Investigate till discrepancies", "security"]\n');
    assert.equal(bad.config, undefined);
    assert.equal(bad.problems[0]?.path, 'cameras[0].purposes[1]');
    assert.match(bad.problems[0]?.message ?? '', /not a specific purpose/);
    assert.equal(bad.problems[0]?.line, 4);
    const empty = parseConfig('cameras:\n  - id: till\n    rtsp: rtsp://10.0.0.5/s\n    purposes: []\n');
    assert.match(empty.problems[0]?.message ?? '', /at least one specific purpose/);
  });

  void it('validates schedules, justifications and the time zone', () => {
    const bad = parseConfig(
      [
        'timezone: Mars/Olympus',
        'cameras:',
        '  - id: till',
        '    rtsp: rtsp://10.0.0.5/s',
        '    diningJustification: because',
        '    schedule: [{days: [mon, funday], from: "25:00", to: "07:00"}, {from: "08:00", to: "08:00"}]',
      ].join('\n'),
    );
    const paths = bad.problems.map((p) => `${p.path}: ${p.message}`);
    assert.ok(paths.some((p) => p.startsWith('timezone: "Mars/Olympus" is not a time zone')), paths.join('\n'));
    assert.ok(paths.some((p) => p.startsWith('cameras[0].diningJustification:')), paths.join('\n'));
    assert.ok(paths.some((p) => p.startsWith('cameras[0].schedule[0].days[1]')), paths.join('\n'));
    assert.ok(paths.some((p) => p.startsWith('cameras[0].schedule[0].from')), paths.join('\n'));
    assert.ok(paths.some((p) => p.startsWith('cameras[0].schedule[1].to: from and to are equal')), paths.join('\n'));
    const good = parseConfig('timezone: America/Vancouver\ncameras:\n  - id: till\n    rtsp: rtsp://10.0.0.5/s\n    schedule: [{days: [fri, sat], from: "22:00", to: "07:00"}]\n');
    assert.deepEqual(good.problems, []);
    assert.deepEqual(good.config?.cameras[0]?.schedule, [{ days: ['fri', 'sat'], from: '22:00', to: '07:00' }]);
  });
});

void describe('decideCamera', () => {
  const config = { business, timezone: 'America/Vancouver' };
  const night = cam({ schedule: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], from: '22:00', to: '07:00' }] });

  void it('follows the schedule edges with a fake clock, across the spring-forward night', () => {
    const clock = new FakeClock(Date.parse('2026-03-08T05:00:00Z')); // Sat 21:00 PST
    const seen: Array<[string, boolean]> = [];
    let last: boolean | undefined;
    for (let i = 0; i < 24 * 60; i++) {
      const d = decideCamera(config, night, clock.now(), undefined);
      assert.equal(d.stream, true, 'a schedule limits recording, not live view');
      if (d.record !== last) seen.push([new Date(clock.now()).toISOString(), d.record]);
      last = d.record;
      clock.advance(60_000);
    }
    assert.deepEqual(seen, [
      ['2026-03-08T05:00:00.000Z', false],
      ['2026-03-08T06:00:00.000Z', true], // Sat 22:00 PST
      ['2026-03-08T14:00:00.000Z', false], // Sun 07:00 PDT, an hour less than usual
    ]);
    const before = decideCamera(config, night, Date.parse('2026-03-08T05:00:00Z'), undefined);
    assert.equal(before.recheckAt, Date.parse('2026-03-08T06:00:00Z'));
    assert.deepEqual(before.reasons.map((r) => r.code), ['outside-schedule']);
  });

  void it('a privacy pause stops recording and live view, and expires by itself', () => {
    const now = Date.parse('2026-03-08T07:00:00Z');
    const pause: PrivacyPause = { id: 1, camera: 'till', reason: 'customer asked', startedAt: now - 1000, startedBy: 'cli:alex', until: now + 30 * 60_000 };
    const d = decideCamera(config, night, now, pause);
    assert.equal(d.record, false);
    assert.equal(d.stream, false);
    assert.equal(d.reasons[0]?.code, 'paused');
    assert.equal(d.recheckAt, now + 30 * 60_000);
    assert.equal(decideCamera(config, night, now + 30 * 60_000, pause).record, true);
  });

  void it('disabled or failing a gate: no recording, no live view, reasons given', () => {
    const d = decideCamera(config, cam({ enabled: false, signage: undefined }), Date.UTC(2026, 0, 1), undefined);
    assert.equal(d.record, false);
    assert.equal(d.stream, false);
    assert.deepEqual(d.reasons.map((r) => (r.code === 'gate' ? r.gate.code : r.code)), ['disabled', 'no-signage']);
  });
});
