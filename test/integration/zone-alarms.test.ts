import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ActivityIndexer } from '../../src/activity/indexer.js';
import { checkZoneAlarms, ZONE_ALARM, zoneRules, type ZoneAlarmDeps } from '../../src/activity/zone-alarms.js';
import { loadConfig } from '../../src/config/load.js';
import { FakeClock } from '../../src/shared/clock.js';
import { silentLogger } from '../../src/shared/logger.js';
import { addRecordedRun } from '../support/footage.js';
import { makeInstall, type TestInstall } from '../support/install.js';
import { rig, type Rig } from '../support/sweeper.js';

const S = 1000;
/** Grey, with a white square crossing the top left quarter during [6 s, 10 s) (the activity fixture's first square). */
const SECONDS = 16;
const SOURCE = "color=c=gray:s=640x360:r=25[bg];color=c=white:s=60x60:r=25[a];[bg][a]overlay=x='20+25*(t-6)':y=40:enable='between(t,6,10)'";
/** 02:30 in Vancouver (UTC−8 in December): closed. */
const NIGHT = Date.UTC(2026, 11, 5, 10, 30);
/** 12:00 in Vancouver: open. */
const NOON = Date.UTC(2026, 11, 5, 20, 0);

const YAML = `timezone: America/Vancouver
cameras:
  - id: till
    rtsp: rtsp://127.0.0.1:8554/till
    zoneAlarms:
      - name: till
        box: { x: 0, y: 0, width: 0.5, height: 0.5 }
        closed: [{ from: "23:00", to: "07:00" }]
      - name: back door
        box: { x: 0.5, y: 0.5, width: 0.5, height: 0.5 }
        closed: [{ from: "23:00", to: "07:00" }]
  - id: door
    rtsp: rtsp://127.0.0.1:8554/door
`;

interface AuditRow {
  subject: string;
  details: string;
}

void describe('zone alarms on the activity index (real ffmpeg, real SQLite, real config)', () => {
  let install: TestInstall;
  let r: Rig;
  let deps: ZoneAlarmDeps;
  let indexer: ActivityIndexer;
  const clock = new FakeClock(NIGHT + 60 * S);

  before(async () => {
    install = makeInstall(YAML);
    r = rig(install.configPath, clock);
    const config = loadConfig(install.configPath).config;
    const rules = new Map(config.cameras.map((c) => [c.id, zoneRules(c.zoneAlarms)]));
    const local = new Intl.DateTimeFormat('sv-SE', { timeZone: config.timezone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    deps = { db: r.db, audit: r.audit, alarms: r.alarms, clock, timeZone: config.timezone, rulesOf: (id) => rules.get(id) ?? [], localTime: (t) => local.format(t) };
    // The till at night and at noon; the door (no rule) at night.
    addRecordedRun(r.db, r.layout, 'till', { startMs: NIGHT, seconds: SECONDS, segmentSeconds: 4, source: SOURCE });
    addRecordedRun(r.db, r.layout, 'till', { startMs: NOON, seconds: SECONDS, segmentSeconds: 4, source: SOURCE });
    addRecordedRun(r.db, r.layout, 'door', { startMs: NIGHT, seconds: SECONDS, segmentSeconds: 4, source: SOURCE });
    indexer = new ActivityIndexer({ db: r.db, layout: r.layout, clock, log: silentLogger(), masksOf: () => [], workDir: join(install.dir, 'work') });
    await indexer.drain();
  });
  after(() => {
    r.close();
    install.cleanup();
  });

  const audit = () => r.db.prepare("SELECT subject, details FROM audit_log WHERE action = 'activity.zone-alarm' ORDER BY seq").all() as AuditRow[];

  void it('raises one alarm with camera, zone and time for the movement at night in the zone, audited', () => {
    const found = checkZoneAlarms(deps);
    assert.deepEqual(
      found.map((m) => m.zone),
      ['till'],
      'the square crossed the till zone at night; nothing in the back door zone, nothing at noon, no rule on the door',
    );
    const moment = found[0];
    assert.ok(moment && moment.fromMs >= NIGHT + 5.9 * S && moment.fromMs <= NIGHT + 6.9 * S, `the moment starts when the square appears: ${moment ? (moment.fromMs - NIGHT) / S : '?'} s`);
    const open = r.alarms.open().filter((a) => a.kind === ZONE_ALARM);
    assert.equal(open.length, 1);
    assert.equal(open[0]?.subject, 'till');
    assert.match(open[0]?.message ?? '', /^movement in zone "till" of camera till at 2026-12-05 02:30:0\d, during closed hours$/);
    assert.deepEqual((open[0]?.details as { camera: string; zone: string }).zone, 'till');
    const entries = audit();
    assert.equal(entries.length, 1);
    assert.equal(entries[0]?.subject, 'camera:till');
    assert.equal((JSON.parse(entries[0]?.details ?? '{}') as { zone: string }).zone, 'till');
    // Every analysed segment was judged once, with or without a rule.
    const judged = r.db.prepare('SELECT COUNT(*) AS n FROM zone_alarm_checks').get() as { n: number };
    const analysed = r.db.prepare('SELECT COUNT(*) AS n FROM activity').get() as { n: number };
    assert.equal(judged.n, analysed.n);
  });

  void it('judges each segment once: a second pass finds nothing new', () => {
    assert.deepEqual(checkZoneAlarms(deps), []);
    assert.equal(audit().length, 1);
  });

  void it('after the owner acknowledged it, a later movement is a new alarm', async () => {
    const first = r.alarms.open().find((a) => a.kind === ZONE_ALARM);
    assert.ok(first);
    r.alarms.acknowledge(first.id, 'user:owner');
    addRecordedRun(r.db, r.layout, 'till', { startMs: NIGHT + 3_600_000, seconds: SECONDS, segmentSeconds: 4, source: SOURCE });
    await indexer.drain();
    assert.deepEqual(
      checkZoneAlarms(deps).map((m) => m.zone),
      ['till'],
    );
    const open = r.alarms.open().filter((a) => a.kind === ZONE_ALARM);
    assert.equal(open.length, 1);
    assert.notEqual(open[0]?.id, first.id, 'a new alarm, not the acknowledged one refreshed');
    assert.match(open[0]?.message ?? '', /at 2026-12-05 03:30:0\d/);
    assert.equal(audit().length, 2);
  });

  void it('a judged segment that retention deletes takes its mark with it', () => {
    const segment = r.db.prepare("SELECT id FROM segments WHERE camera_id = 'door' LIMIT 1").get() as { id: number };
    r.db.prepare('DELETE FROM segments WHERE id = ?').run(segment.id);
    assert.equal((r.db.prepare('SELECT COUNT(*) AS n FROM zone_alarm_checks WHERE segment_id = ?').get(segment.id) as { n: number }).n, 0);
  });
});
