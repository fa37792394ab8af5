import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseMem, parseProcStat } from '../../bench/proc.js';
import { spliceSection, SECTION_END } from '../../bench/report.js';
import { anchorSegments, coverage, cpuPercent, median, tickDelta } from '../../bench/stats.js';

const seg = (startS: number, endS: number) => ({ startMs: startS * 1000, endMs: endS * 1000 });
const WINDOW = seg(100, 160);

describe('benchmark arithmetic', () => {
  it('counts no loss when back-to-back segments cover the window', () => {
    const c = coverage([seg(95, 105), seg(105, 115), seg(115, 125), seg(125, 135), seg(135, 145), seg(145, 155), seg(155, 165)], WINDOW, 10_000, 1_000);
    assert.equal(c.lost, 0);
    assert.equal(c.coveredMs, 60_000);
  });

  it('counts a segment missing from the index as one lost', () => {
    const c = coverage([seg(95, 105), seg(105, 115), seg(125, 135), seg(135, 145), seg(145, 155), seg(155, 165)], WINDOW, 10_000, 1_000);
    assert.equal(c.lost, 1);
    assert.deepEqual(c.gapsMs, [10_000]);
  });

  it('counts an outage by its length in segments, and a camera that never recorded as the whole window', () => {
    assert.equal(coverage([seg(95, 105), seg(131, 141), seg(141, 170)], WINDOW, 10_000, 1_000).lost, 3);
    assert.equal(coverage([], WINDOW, 10_000, 1_000).lost, 6);
    assert.equal(coverage([seg(95, 150)], WINDOW, 10_000, 1_000).lost, 1, 'recording that stops early leaves the end uncovered');
  });

  it('treats holes up to the tolerance as timing noise', () => {
    assert.equal(coverage([seg(95, 130), seg(130.8, 170)], WINDOW, 10_000, 1_000).lost, 0);
    assert.equal(coverage([seg(95, 130), seg(131.5, 170)], WINDOW, 10_000, 1_000).lost, 1);
  });

  it('anchors a bare ffmpeg segment list at the wall time of its first close', () => {
    const intervals = anchorSegments([
      { startSeconds: 0, endSeconds: 12, closeWallMs: 50_000 },
      { startSeconds: 12, endSeconds: 22, closeWallMs: 60_100 },
    ]);
    assert.deepEqual(intervals, [
      { startMs: 38_000, endMs: 50_000 },
      { startMs: 50_000, endMs: 60_000 },
    ]);
  });

  it('adds CPU ticks of processes present in both samples and of processes started in between', () => {
    const before = [{ key: '1:10', ticks: 100, startTicks: 10 }];
    const after = [
      { key: '1:10', ticks: 130, startTicks: 10 },
      { key: '2:500', ticks: 7, startTicks: 500 },
      { key: '3:20', ticks: 999, startTicks: 20 },
    ];
    // pid 3 existed before the first sample but was not in the group then: its past ticks are not this interval's.
    assert.equal(tickDelta(before, after, 400), 37);
    assert.equal(cpuPercent(50, 100, 2_000), 25);
    assert.equal(median([5, 1, 3]), 3);
    assert.equal(median([4, 1, 3, 2]), 2.5);
  });

  it('parses /proc stat lines whose command name holds spaces and parentheses', () => {
    const fields = Array.from({ length: 50 }, (_, i) => String(i + 3));
    fields[0] = 'S';
    const stat = parseProcStat(42, `42 (node (main) x) ${fields.join(' ')}`);
    assert.ok(stat);
    assert.equal(stat.comm, 'node (main) x');
    assert.equal(stat.ppid, 4);
    assert.equal(stat.cpuTicks, 14 + 15);
    assert.equal(stat.startTicks, 22);
    assert.deepEqual(parseMem('VmRSS:\t  2048 kB\nRssAnon:\t 1024 kB\n', 'Rss: 2048 kB\nPss:   1500 kB\n'), { rssKb: 2048, anonKb: 1024, pssKb: 1500 });
  });

  it('replaces only the generated section of the benchmarks document', () => {
    const first = spliceSection(undefined, `<!-- bench:record:begin x -->\nold\n${SECTION_END}`);
    const hand = `${first}\n\n## Analysis written by hand\n`;
    const second = spliceSection(hand, `<!-- bench:record:begin x -->\nnew\n${SECTION_END}`);
    assert.ok(second.includes('new') && !second.includes('old'));
    assert.ok(second.includes('## Analysis written by hand'));
  });
});
