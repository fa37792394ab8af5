import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { progressBar, ProgressTracker, type ExportProgress } from '../../src/disclosure/export/progress.js';

void describe('export progress events', () => {
  const track = (step = 1) => {
    const events: ExportProgress[] = [];
    const t = new ProgressTracker((p) => events.push({ ...p }), { sourceBytes: 1000, segments: 10, seconds: 100, files: 2 }, step);
    return { t, events };
  };

  void it('weighs hashing and copying, which run at once, then signing; never goes back; milestones at each step', () => {
    const { t, events } = track();
    t.hashed(500, 5);
    assert.equal(events.at(-1)?.percent, 23); // 47.5 % × 0.5
    t.fileStarted(1, 'file 1/2: cam1 …');
    t.copied(50, 4000, 1, true);
    assert.equal(events.at(-1)?.percent, 47); // 23.75 + 23.75
    assert.equal(events.at(-1)?.message, 'file 1/2: 100%');
    assert.equal(events.at(-1)?.milestone, true);
    t.hashed(1000, 10);
    assert.equal(events.at(-1)?.message, 'checking source segments: 10/10');
    assert.equal(events.at(-1)?.milestone, true, 'all sources read is a milestone');
    assert.equal(events.at(-1)?.percent, 71);
    // A late, smaller reading (ffmpeg's clock restarting with the next file) must not move the bar back.
    t.fileStarted(2, 'file 2/2: cam2 …');
    t.copied(40, 4100, 0);
    assert.ok(events.at(-1)!.percent >= 71);
    t.copied(100, 8000, 1, true);
    t.signing();
    assert.equal(events.at(-1)?.phase, 'signing');
    assert.equal(events.at(-1)?.percent, 95);
    const percents = events.map((e) => e.percent);
    assert.deepEqual(percents, [...percents].sort((a, b) => a - b));
    assert.ok(percents.every((p) => p <= 99), 'only the done event means 100 %');
  });

  void it('sends at most one event per step of percent, unless something finished or started', () => {
    const { t, events } = track(10);
    for (let b = 0; b <= 1000; b += 10) t.hashed(b, Math.floor(b / 100));
    // 0..47 % in steps of ≥ 10, plus the forced last one (10/10 segments).
    assert.ok(events.length <= 7, `${events.length} events`);
    assert.equal(events.at(-1)?.message, 'checking source segments: 10/10');
  });

  void it('draws the CLI bar from an event', () => {
    assert.equal(progressBar({ percent: 50, message: 'copying' }, 10), '[#####-----]  50%  copying');
    assert.equal(progressBar({ percent: 0, message: 'x' }, 4), '[----]   0%  x');
    assert.equal(progressBar({ percent: 100, message: 'y' }, 4), '[####] 100%  y');
  });
});
