import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { openDb } from '../../src/db/open.js';
import { DataLayout } from '../../src/shared/data-layout.js';
import { cameraYaml, makeInstall } from '../support/install.js';
import { addSegments } from '../support/segments.js';

const H = 3_600_000;

void describe('premises request add / list (real index)', () => {
  void it('records the request, computes the BC deadline and holds the candidate footage against retention', async () => {
    const install = makeInstall(`jurisdiction: CA-BC\ncameras:\n${cameraYaml('door', '    retention:\n      maxAge: 1h\n')}${cameraYaml('till')}`);
    try {
      const layout = new DataLayout(install.dataDir);
      mkdirSync(layout.recordingsRoot, { recursive: true });
      const db = openDb(layout.indexPath);
      const now = Date.now();
      // Four hour-long segments, 5 h to 1 h ago; the request asks about 4.5 h ago .. 3.5 h ago.
      addSegments(db, layout, 'door', { startMs: now - 5 * H, count: 4, durationMs: H });
      db.close();
      const from = new Date(now - 4.5 * H).toISOString();
      const to = new Date(now - 3.5 * H).toISOString();

      const r = await install.run([
        'request', 'add', '--requester', 'A. Person (a.person@example.org)', '--identity', 'photo ID checked at the counter by the manager',
        '--received', '2026-11-26', '--camera', 'door,till', '--from', from, '--to', to, '--description', 'customer asks for footage of herself at the entrance', '--json',
      ]);
      assert.equal(r.code, 0, r.err);
      const out = JSON.parse(r.out) as { id: number; due: string; extendedDue: string; holds: number[] };
      assert.equal(out.due, '2027-01-11'); // 30 PIPA days: weekends, Christmas, Dec 26 and New Year skipped
      assert.equal(out.extendedDue, '2027-02-23');
      assert.equal(out.holds.length, 2);

      const check = openDb(layout.indexPath);
      const holds = check.prepare('SELECT camera_id, kind, reason, from_ms, to_ms FROM holds ORDER BY id').all() as { camera_id: string; kind: string; reason: string; from_ms: number; to_ms: number }[];
      assert.deepEqual(holds.map((h) => [h.camera_id, h.kind]), [['door', 'access_request'], ['till', 'access_request']]);
      assert.doesNotMatch(holds[0]!.reason, /Person/, 'hold reasons are permanent: no personal data');
      const actions = (check.prepare('SELECT action FROM audit_log ORDER BY seq').all() as { action: string }[]).map((a) => a.action);
      assert.deepEqual(actions, ['access_request.received', 'hold.added', 'hold.added']);
      check.close();

      // Retention (1 h) deletes the old footage except the segments overlapping the held window.
      const ret = await install.run(['retention', 'run']);
      assert.equal(ret.code, 0, ret.err);
      const after = openDb(layout.indexPath);
      const left = (after.prepare("SELECT start_ms FROM segments WHERE camera_id = 'door' ORDER BY start_ms").all() as { start_ms: number }[]).map((s) => s.start_ms);
      after.close();
      assert.deepEqual(left, [now - 5 * H, now - 4 * H], 'the two segments overlapping the request window are held');

      const list = await install.run(['request', 'list']);
      assert.equal(list.code, 0);
      assert.match(list.out, /request 1 \(open\) received 2026-11-26, due 2027-01-11/);
      const extend = await install.run(['request', 'extend', '1', '--reason', 'footage from 3 cameras to review and redact; requester told by email']);
      assert.equal(extend.code, 0, extend.err);
      assert.match(extend.out, /extended: due 2027-02-23/);
      const again = await install.run(['request', 'extend', '1', '--reason', 'more']);
      assert.equal(again.code, 1);
      assert.match(again.err, /already extended/);
      const verify = await install.run(['audit', 'verify']);
      assert.equal(verify.code, 0, verify.err);
    } finally {
      install.cleanup();
    }
  });

  void it('EU: one month; custom needs --due; missing fields are refused; a past deadline shows OVERDUE', async () => {
    const install = makeInstall(`jurisdiction: EU\ncameras:\n${cameraYaml('door')}`);
    try {
      const base = ['request', 'add', '--requester', 'B', '--identity', 'ID card', '--camera', 'door', '--from', '2026-01-02T10:00:00Z', '--to', '2026-01-02T11:00:00Z', '--description', 'x'];
      const eu = await install.run([...base, '--received', '2026-01-05', '--json']);
      assert.equal(eu.code, 0, eu.err);
      assert.deepEqual(JSON.parse(eu.out), { id: 1, due: '2026-02-05', extendedDue: '2026-04-06', holds: [1] });
      const list = await install.run(['request', 'list']);
      assert.match(list.out, /request 1 \(OVERDUE\)/);
      const late = await install.run(['request', 'extend', '1', '--reason', 'too late']);
      assert.equal(late.code, 1);
      assert.match(late.err, /must be taken before the deadline/);
      const check = await install.run(['request', 'check']);
      assert.equal(check.code, 1);
      assert.match(check.out, /OVERDUE: request 1, due 2026-02-05/);
      const alarmsOpen = () => {
        const d = openDb(new DataLayout(install.dataDir).indexPath);
        const rows = d.prepare("SELECT subject FROM alarms WHERE kind = 'access_request.overdue' AND cleared_at IS NULL").all() as { subject: string }[];
        d.close();
        return rows.map((r) => r.subject);
      };
      assert.deepEqual(alarmsOpen(), ['access_request:1']);
      const close = await install.run(['request', 'close', '1', '--outcome', 'footage given as export 20260201T000000Z-abc123']);
      assert.equal(close.code, 0, close.err);
      assert.equal((await install.run(['request', 'close', '1', '--outcome', 'again'])).code, 1);
      const after = await install.run(['request', 'check']);
      assert.equal(after.code, 0, after.out);
      assert.deepEqual(alarmsOpen(), [], 'the alarm clears once the request is answered');
      assert.match((await install.run(['request', 'list', '--all'])).out, /request 1 \(closed .*footage given as export/);

      const noIdentity = await install.run(base.filter((a, i) => a !== '--identity' && base[i - 1] !== '--identity').concat(['--received', '2026-01-05']));
      assert.equal(noIdentity.code, 2);
      assert.match(noIdentity.err, /missing --identity/);
      const badDate = await install.run([...base, '--received', '2026-02-30']);
      assert.equal(badDate.code, 1);
      const due = await install.run([...base, '--received', '2026-01-05', '--due', '2026-02-01']);
      assert.equal(due.code, 1);
      assert.match(due.err, /--due is only for the custom profile/);

      install.writeConfig(`jurisdiction: custom\ncameras:\n${cameraYaml('door')}`);
      const custom = await install.run([...base, '--received', '2026-11-26']);
      assert.equal(custom.code, 1);
      assert.match(custom.err, /give --due/);
      const withDue = await install.run([...base, '--received', '2026-11-26', '--due', '2026-12-20', '--json']);
      assert.equal(withDue.code, 0, withDue.err);
      assert.equal((JSON.parse(withDue.out) as { due: string }).due, '2026-12-20');
    } finally {
      install.cleanup();
    }
  });
});
