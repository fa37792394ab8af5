import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openDb } from '../../src/db/open.js';
import { requestStatus } from '../../src/disclosure/requests/status.js';
import { sampleAccessRequest } from '../support/access-request.js';
import { reportMarkdownToHtml } from '../../src/policy/consent/report-html.js';
import { bytesPerDay, forecastDays } from '../../src/storage/forecast.js';
import { dailyHistory, recentBytes, recordingsBytes, samples, StorageSampler } from '../../src/storage/storage.js';
import { hostTimeState, parseTimedatectl } from '../../src/storage/time-sync.js';
import { FakeClock } from '../../src/shared/clock.js';

const GB = 1e9;

describe('forecastDays', () => {
  it('keeps every camera its retention when it all fits', () => {
    const f = forecastDays(
      [
        { camera: 'a', bytesPerDay: 10 * GB, retentionDays: 7 },
        { camera: 'b', bytesPerDay: 5 * GB, retentionDays: 30 },
      ],
      1000 * GB,
    );
    assert.equal(f.neededBytes, 70 * GB + 150 * GB);
    assert.deepEqual(
      f.cameras.map((c) => [c.camera, c.daysKept, c.limitedBy]),
      [
        ['a', 7, 'retention'],
        ['b', 30, 'retention'],
      ],
    );
    assert.equal(f.diskDays, 1000 / 15);
  });

  it('levels the cameras that would keep more when the disk is short (water-filling)', () => {
    // a needs 7 days (70 GB), b 30 days (150 GB); 120 GB fit: a keeps 7, b keeps (120-70)/5 = 10.
    const f = forecastDays(
      [
        { camera: 'a', bytesPerDay: 10 * GB, retentionDays: 7 },
        { camera: 'b', bytesPerDay: 5 * GB, retentionDays: 30 },
      ],
      120 * GB,
    );
    assert.deepEqual(f.cameras.map((c) => [c.camera, Number(c.daysKept.toFixed(6)), c.limitedBy]), [
      ['a', 7, 'retention'],
      ['b', 10, 'disk'],
    ]);
    // 60 GB: both below a's 7 days, at 60 / 15 = 4 days each.
    const g = forecastDays(
      [
        { camera: 'a', bytesPerDay: 10 * GB, retentionDays: 7 },
        { camera: 'b', bytesPerDay: 5 * GB, retentionDays: 30 },
      ],
      60 * GB,
    );
    assert.deepEqual(g.cameras.map((c) => [Number(c.daysKept.toFixed(6)), c.limitedBy]), [
      [4, 'disk'],
      [4, 'disk'],
    ]);
  });

  it('applies byte quotas, ignores cameras not recording, and clamps a negative capacity', () => {
    const f = forecastDays(
      [
        { camera: 'a', bytesPerDay: 10 * GB, retentionDays: 7, maxBytes: 20 * GB },
        { camera: 'idle', bytesPerDay: 0, retentionDays: 7 },
      ],
      -5,
    );
    assert.equal(f.capacityBytes, 0);
    assert.deepEqual(f.cameras.map((c) => [c.camera, c.daysKept, c.limitedBy]), [
      ['a', 0, 'disk'],
      ['idle', 7, 'not recording'],
    ]);
    const q = forecastDays([{ camera: 'a', bytesPerDay: 10 * GB, retentionDays: 7, maxBytes: 20 * GB }], 1000 * GB);
    assert.deepEqual(q.cameras.map((c) => [c.daysKept, c.limitedBy]), [[2, 'quota']]);
    assert.equal(forecastDays([], 10).diskDays, null);
  });

  it('scales recent bytes to a day, not below a minute of history', () => {
    const now = 10 * 86_400_000;
    assert.equal(bytesPerDay(100, now - 86_400_000, now), 100);
    assert.equal(bytesPerDay(100, now - 3_600_000, now), 2400);
    assert.equal(bytesPerDay(100, now - 1000, now), 100 * 1440);
    assert.equal(bytesPerDay(100, now - 120_000, now), 100 * 720);
    assert.equal(bytesPerDay(0, now - 1000, now), 0);
  });
});

describe('access request status', () => {
  const base = sampleAccessRequest({ extendedDueOn: '2027-02-02' });
  it('counts calendar days to the binding deadline and colours by urgency', () => {
    assert.deepEqual(
      ['2026-11-10', '2026-11-26', '2026-12-02', '2026-12-03'].map((day) => {
        const s = requestStatus(base, day);
        return [s.daysLeft, s.urgency, s.overdue, s.extension.available];
      }),
      [
        [22, 'on-time', false, true],
        [6, 'due-soon', false, true],
        [0, 'due-today', false, true],
        [-1, 'overdue', true, false],
      ],
    );
    const extended = requestStatus({ ...base, extendedAt: 5, extensionReason: 'complex' }, '2026-12-03');
    assert.deepEqual([extended.due, extended.overdue, extended.urgency, extended.extension.taken, extended.extension.available], ['2027-02-02', false, 'on-time', true, false]);
    const closed = requestStatus({ ...base, closedAt: 5, closedBy: 'x', outcome: 'done' }, '2027-05-01');
    assert.deepEqual([closed.overdue, closed.urgency], [false, 'closed']);
    assert.equal(requestStatus({ ...base, extendedDueOn: base.dueOn }, '2026-11-10').extension.available, false, 'a profile without an extension');
  });
});

describe('time sync', () => {
  it('parses timedatectl show', () => {
    assert.deepEqual(parseTimedatectl('NTPSynchronized=yes\nTimeUSec=Thu 2026-11-26 14:30:00 UTC\n'), { synchronized: true, timeUSec: 'Thu 2026-11-26 14:30:00 UTC' });
    assert.deepEqual(parseTimedatectl('NTPSynchronized=no\n'), { synchronized: false, timeUSec: null });
    assert.deepEqual(parseTimedatectl(''), { synchronized: null, timeUSec: null });
  });

  it('falls back to the timesyncd flag, then to unknown, without timedatectl', async () => {
    const missing = await hostTimeState({ command: '/nonexistent/timedatectl', flagPath: '/nonexistent/flag' });
    assert.equal(missing.source, 'unknown');
    assert.equal(missing.synchronized, null);
    assert.match(missing.detail, /not installed/);
    const flagged = await hostTimeState({ command: '/nonexistent/timedatectl', flagPath: '/' });
    assert.deepEqual([flagged.source, flagged.synchronized], ['timesyncd-flag', true]);
  });
});

describe('report as HTML', () => {
  it('renders headings, lists, tables with escaped pipes and bold, and escapes every text', () => {
    const html = reportMarkdownToHtml(
      ['# Record', '', '## Cameras', '', '| Camera | Purposes |', '|---|---|', '| door <b> | theft \\| fraud |', '', '- **bold** & <script>', 'plain'].join('\n'),
      'T <x>',
    );
    assert.match(html, /<h1>Record<\/h1>/);
    assert.match(html, /<th scope="col">Camera<\/th><th scope="col">Purposes<\/th>/);
    assert.match(html, /<td>door &lt;b&gt;<\/td><td>theft \| fraud<\/td>/);
    assert.match(html, /<li><strong>bold<\/strong> &amp; &lt;script&gt;<\/li>/);
    assert.match(html, /<p>plain<\/p>/);
    assert.match(html, /<title>T &lt;x&gt;<\/title>/);
    assert.doesNotMatch(html, /<script|<b>/);
  });
});

describe('storage history (migration 16)', () => {
  const setup = () => {
    const db = openDb(':memory:');
    db.prepare("INSERT INTO cameras (id, name, origin, created_at) VALUES ('a', 'a', 'config', 0)").run();
    db.prepare("INSERT INTO runs (id, camera_id, started_at) VALUES (1, 'a', 0)").run();
    let n = 0;
    const add = (start: number, end: number, bytes: number) =>
      Number(
        db
          .prepare("INSERT INTO segments (camera_id, run_id, start_ms, end_ms, bytes, sha256, path) VALUES ('a', 1, ?, ?, ?, ?, ?)")
          .run(start, end, bytes, 'f'.repeat(64), `a/${++n}.mp4`).lastInsertRowid,
      );
    return { db, add };
  };

  it('keeps per-camera bytes and per-day history by trigger; deletion lowers bytes, not history', () => {
    const { db, add } = setup();
    const day = 86_400_000;
    const first = add(day + 0, day + 10_000, 1000);
    add(day + 10_000, day + 20_000, 3000);
    add(2 * day + 5, 2 * day + 10_005, 500);
    assert.deepEqual([...recordingsBytes(db)], [['a', 4500]]);
    db.prepare('DELETE FROM segments WHERE id = ?').run(first);
    assert.deepEqual([...recordingsBytes(db)], [['a', 3500]]);
    assert.deepEqual(
      dailyHistory(db, 0, 3 * day).map((r) => [r.day, r.bytes, r.durationMs, r.bitrateBps]),
      [
        ['1970-01-02', 4000, 20_000, 1600],
        ['1970-01-03', 500, 10_000, 400],
      ],
    );
    assert.deepEqual([...recentBytes(db, ['a', 'none'], 2 * day)], [['a', { bytes: 500, firstStartMs: 2 * day + 5 }]]);
  });

  it('samples the disk at most every interval and drops samples after 90 days', () => {
    const { db, add } = setup();
    add(0, 10_000, 700);
    const clock = new FakeClock(1_000_000);
    const sampler = new StorageSampler(db, clock, 60_000);
    assert.ok(sampler.maybeSample({ totalBytes: 100, freeBytes: 40 }));
    clock.advance(30_000);
    assert.equal(sampler.maybeSample({ totalBytes: 100, freeBytes: 39 }), undefined);
    clock.advance(30_000);
    assert.deepEqual(sampler.maybeSample({ totalBytes: 100, freeBytes: 38 }), { at: 1_060_000, totalBytes: 100, freeBytes: 38, recordingsBytes: 700 });
    clock.advance(91 * 86_400_000);
    sampler.maybeSample({ totalBytes: 100, freeBytes: 1 });
    assert.deepEqual(samples(db, 0).map((s) => s.freeBytes), [1]);
  });
});
