import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { explainShortfall, floorReach, mergeRanges, planRetention, type PlanInput, type SegmentInfo } from '../../src/policy/retention/plan.js';

const S = 1000;
const H = 3_600_000;
const D = 24 * H;
const NOW = Date.UTC(2026, 10, 26, 12);

function segs(cameraId: string, fromMs: number, count: number, bytes = 100, firstId = 1): SegmentInfo[] {
  return Array.from({ length: count }, (_, i) => ({
    id: firstId + i,
    cameraId,
    startMs: fromMs + i * 10 * S,
    endMs: fromMs + (i + 1) * 10 * S,
    bytes,
    sha256: String(firstId + i).padStart(64, '0'),
  }));
}

function input(over: Partial<PlanInput>): PlanInput {
  const segments = over.segments ?? [];
  return {
    now: NOW,
    segments,
    holds: [],
    rules: new Map([['a', { maxAgeMs: 30 * S }]]),
    defaultRule: { maxAgeMs: 7 * D },
    applied: new Map(),
    force: false,
    newestSegmentEndMs: Math.max(...segments.map((s) => s.endMs), NOW - S),
    clockAheadLimitMs: D,
    cameraBytes: new Map(),
    recordingCameras: ['a'],
    ...over,
  };
}

void describe('planRetention', () => {
  void it('deletes exactly the segments that ended at least maxAge ago', () => {
    const segments = segs('a', NOW - 70 * S, 7); // ends at NOW-60s … NOW
    const plan = planRetention(input({ segments }));
    assert.deepEqual(
      plan.deletions.map((d) => [d.segment.id, d.reason]),
      [
        [1, 'age'],
        [2, 'age'],
        [3, 'age'],
        [4, 'age'],
      ],
    );
  });

  void it('never plans held footage, whatever the rule', () => {
    const segments = segs('a', NOW - 70 * S, 7);
    const holds = [{ cameraId: 'a', fromMs: NOW - 55 * S, toMs: NOW - 45 * S }];
    const plan = planRetention(input({ segments, holds, rules: new Map([['a', { maxAgeMs: 30 * S, maxBytes: 100 }]]), cameraBytes: new Map([['a', 700]]), space: { freeBytes: 0, floorBytes: 10_000 } }));
    const ids = plan.deletions.map((d) => d.segment.id);
    assert.ok(!ids.includes(2) && !ids.includes(3), `held segments planned: ${ids.join(',')}`);
    assert.deepEqual(plan.stopRecording, ['a']);
    assert.equal(plan.heldKept, 2);
  });

  void it('a hold on another camera does not protect this one', () => {
    const segments = segs('a', NOW - 70 * S, 7);
    const plan = planRetention(input({ segments, holds: [{ cameraId: 'b', fromMs: 0, toMs: NOW }] }));
    assert.equal(plan.deletions.length, 4);
  });

  void it('pauses age-based deletion when the clock is far past the newest segment', () => {
    const segments = segs('a', NOW - 70 * S, 7);
    const later = NOW + 365 * D;
    const plan = planRetention(input({ segments, now: later, newestSegmentEndMs: NOW }));
    assert.equal(plan.deletions.length, 0);
    assert.deepEqual(plan.agePaused, { now: later, newestSegmentEndMs: NOW });
  });

  void it('keeps the old rule when a lowering would delete footage at once, unless forced', () => {
    const segments = segs('a', NOW - 3 * H, 6 * 60 * 2); // 2 h of footage ending 1 h ago
    const rules = new Map([['a', { maxAgeMs: H }]]);
    const applied = new Map([['a', 7 * D]]);
    const refused = planRetention(input({ segments, rules, applied, newestSegmentEndMs: NOW }));
    assert.equal(refused.deletions.length, 0);
    assert.equal(refused.lowered.length, 1);
    assert.equal(refused.lowered[0]?.confirmed, false);
    assert.equal(refused.applied.get('a'), 7 * D);
    const forced = planRetention(input({ segments, rules, applied, newestSegmentEndMs: NOW, force: true }));
    assert.equal(forced.deletions.length, segments.length);
    assert.equal(forced.applied.get('a'), H);
  });

  void it('a lowering that deletes nothing at once needs no confirmation', () => {
    const segments = segs('a', NOW - 20 * S, 2);
    const plan = planRetention(input({ segments, rules: new Map([['a', { maxAgeMs: H }]]), applied: new Map([['a', 7 * D]]) }));
    assert.deepEqual(plan.lowered, []);
    assert.equal(plan.applied.get('a'), H);
  });

  void it('enforces a byte quota oldest first', () => {
    const segments = segs('a', NOW - 100 * S, 10);
    const plan = planRetention(input({ segments, rules: new Map([['a', { maxAgeMs: D, maxBytes: 650 }]]), cameraBytes: new Map([['a', 1000]]) }));
    assert.deepEqual(plan.deletions.map((d) => [d.segment.id, d.reason]), [[1, 'quota'], [2, 'quota'], [3, 'quota'], [4, 'quota']]);
  });

  void it('takes the oldest unheld footage of any camera for the floor', () => {
    const a = segs('a', NOW - 100 * S, 5, 100, 1);
    const b = segs('b', NOW - 95 * S, 5, 100, 100);
    const rules = new Map([['a', { maxAgeMs: D }], ['b', { maxAgeMs: D }]]);
    const holds = [{ cameraId: 'a', fromMs: NOW - 100 * S, toMs: NOW - 91 * S }];
    const plan = planRetention(input({ segments: [...a, ...b], rules, holds, space: { freeBytes: 1000, floorBytes: 1250 }, recordingCameras: ['a', 'b'] }));
    assert.deepEqual(plan.deletions.map((d) => [d.segment.id, d.reason]), [[100, 'floor'], [2, 'floor'], [101, 'floor']]);
    assert.deepEqual(plan.stopRecording, []);
  });

  void it('caps a plan at maxDeletions, oldest first across cameras, and never stops recording on a capped plan', () => {
    const a = segs('a', NOW - 100 * S, 5, 100, 1);
    const b = segs('b', NOW - 95 * S, 5, 100, 100);
    const rules = new Map([['a', { maxAgeMs: S }], ['b', { maxAgeMs: S }]]);
    const holds = [{ cameraId: 'a', fromMs: 0, toMs: NOW }, { cameraId: 'b', fromMs: NOW - 60 * S, toMs: NOW }];
    const plan = planRetention(input({ segments: [...a, ...b], rules, holds, maxDeletions: 1, space: { freeBytes: 0, floorBytes: 10_000 }, recordingCameras: ['a', 'b'] }));
    assert.deepEqual(plan.deletions.map((d) => d.segment.id), [100]);
    assert.equal(plan.capped, true);
    assert.deepEqual(plan.stopRecording, []);
    const full = planRetention(input({ segments: [...a, ...b], rules, holds, space: { freeBytes: 0, floorBytes: 10_000 }, recordingCameras: ['a', 'b'] }));
    assert.deepEqual(full.deletions.map((d) => d.segment.id), [100, 101, 102]);
    assert.deepEqual(full.stopRecording, ['a', 'b']);
  });

  void it('deletes nothing for the floor when all unheld footage could not reach it, and stops recording', () => {
    const a = segs('a', NOW - 100 * S, 5, 100, 1);
    const b = segs('b', NOW - 95 * S, 5, 100, 100);
    const rules = new Map([['a', { maxAgeMs: D }], ['b', { maxAgeMs: D }]]);
    // 1000 bytes short, 1000 bytes of footage, 100 of them held: deleting 900 cannot close the gap.
    const holds = [{ cameraId: 'a', fromMs: NOW - 100 * S, toMs: NOW - 91 * S }];
    const plan = planRetention(input({ segments: [...a, ...b], rules, holds, space: { freeBytes: 0, floorBytes: 1000, deletableBytes: 900 }, recordingCameras: ['a', 'b'] }));
    assert.deepEqual(plan.deletions, []);
    assert.deepEqual(plan.stopRecording, ['a', 'b']);
    assert.equal(plan.floorShortfallBytes, 1000);
    assert.deepEqual(plan.floorUnreachable, { shortfallBytes: 1000, deletableBytes: 900 });
    // Exactly enough: deletes the oldest unheld until the floor is met, and records on.
    const enough = planRetention(input({ segments: [...a, ...b], rules, holds, space: { freeBytes: 100, floorBytes: 1000, deletableBytes: 900 }, recordingCameras: ['a', 'b'] }));
    assert.equal(enough.deletions.reduce((n, d) => n + d.segment.bytes, 0), 900);
    assert.ok(enough.deletions.every((d) => d.reason === 'floor' && d.segment.id !== 1));
    assert.deepEqual(enough.stopRecording, []);
    assert.equal(enough.floorUnreachable, undefined);
  });

  void it('counts age deletions against the shortfall before judging whether the floor is reachable', () => {
    const a = segs('a', NOW - 100 * S, 10, 100, 1); // 1000 bytes, the first 7 past a 30 s maximum age
    const agePlan = planRetention(input({ segments: a, space: { freeBytes: 0, floorBytes: 900, deletableBytes: 1000 } }));
    assert.equal(agePlan.deletions.filter((d) => d.reason === 'age').length, 7);
    assert.equal(agePlan.deletions.filter((d) => d.reason === 'floor').length, 2);
    assert.deepEqual(agePlan.stopRecording, []);
    // Short by more than all of it: age still deletes what it would anyway, the floor adds nothing.
    const far = planRetention(input({ segments: a, space: { freeBytes: 0, floorBytes: 5000, deletableBytes: 1000 } }));
    assert.deepEqual(far.deletions.map((d) => d.reason), Array(7).fill('age'));
    assert.deepEqual(far.floorUnreachable, { shortfallBytes: 4300, deletableBytes: 300 });
  });

  void it('floorReach compares the shortfall with what deleting can free', () => {
    assert.equal(floorReach(0, 0), 'met');
    assert.equal(floorReach(-5, undefined), 'met');
    assert.equal(floorReach(100, 100), 'reachable');
    assert.equal(floorReach(101, 100), 'unreachable');
    assert.equal(floorReach(100, undefined), 'reachable');
  });

  void it('explainShortfall blames files that are not Premises when they outweigh held footage', () => {
    const MB = 1e6;
    // The tester's disk: 60 MB used, 5 MB of footage (0.6 MB held), 1 MB of index: 54 MB is someone else's.
    assert.deepEqual(explainShortfall({ usedBytes: 60 * MB, footageBytes: 5 * MB, heldBytes: 0.6 * MB, otherPremisesBytes: 1 * MB }), { cause: 'foreign', foreignBytes: 54 * MB });
    // A disk of held footage with a little system overhead.
    assert.deepEqual(explainShortfall({ usedBytes: 60 * MB, footageBytes: 58 * MB, heldBytes: 50 * MB, otherPremisesBytes: 1 * MB }), { cause: 'held', foreignBytes: 1 * MB });
    // Accounting more than the filesystem reports (a file deleted between the two reads) is no foreign use.
    assert.deepEqual(explainShortfall({ usedBytes: 10 * MB, footageBytes: 12 * MB, heldBytes: 0, otherPremisesBytes: 0 }), { cause: 'held', foreignBytes: 0 });
  });

  void it('merges adjacent segments into ranges', () => {
    assert.deepEqual(mergeRanges([{ startMs: 0, endMs: 10 }, { startMs: 10, endMs: 20 }, { startMs: 5000, endMs: 6000 }]), [
      { fromMs: 0, toMs: 20 },
      { fromMs: 5000, toMs: 6000 },
    ]);
  });
});
