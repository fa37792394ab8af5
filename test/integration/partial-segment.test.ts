import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openDb } from '../../src/db/open.js';
import { FRAGMENT_WRITE_ARGS } from '../../src/recorder/ffmpeg-args.js';
import { StagingSync } from '../../src/recorder/staging-sync.js';
import { DataLayout } from '../../src/shared/data-layout.js';
import { salvagePartialSegment, scanFragments } from '../../src/segments/salvage.js';
import { SegmentStore } from '../../src/segments/store.js';
import { ffprobeDuration, tempDir } from '../support/premises.js';

/**
 * The partial segment a crash leaves behind, made by the real ffmpeg with
 * Premises' write options and cut at every kind of place a kill or a power
 * cut can cut it: inside an mdat, inside a moof, between a moof and its mdat.
 */
describe('partial segments: cut at the last complete fragment', () => {
  const dir = tempDir('premises-partial-');
  const layout = new DataLayout(join(dir.path, 'data'));
  const source = join(dir.path, 'whole.mp4');
  const boxes: { type: string; start: number; end: number }[] = [];

  before(() => {
    // 6 s with a 5 s GOP: fragments of at most 1 s all the same (frag_duration), as for a long-GOP camera.
    const result = spawnSync('ffmpeg', [
      '-nostdin', '-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=10', '-t', '6',
      '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '50', '-keyint_min', '50', '-sc_threshold', '0', '-pix_fmt', 'yuv420p',
      '-f', 'segment', '-segment_time', '60', '-segment_format', 'mp4', ...FRAGMENT_WRITE_ARGS, join(dir.path, 'seg_%06d.mp4'),
    ], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    copyFileSync(join(dir.path, 'seg_000000.mp4'), source);
    const bytes = readFileSync(source);
    for (let offset = 0; offset < bytes.length; ) {
      const size = bytes.readUInt32BE(offset);
      boxes.push({ type: bytes.toString('latin1', offset + 4, offset + 8), start: offset, end: offset + size });
      offset += size;
    }
    mkdirSync(layout.quarantineDir, { recursive: true });
  });
  after(() => dir.remove());

  const staged = (name: string, bytes: number): string => {
    const file = join(dir.path, name);
    copyFileSync(source, file);
    truncateSync(file, bytes);
    return file;
  };

  it('ffmpeg makes ≤ 1 s fragments even with a 5 s GOP', () => {
    const moofs = boxes.filter((b) => b.type === 'moof').length;
    assert.ok(moofs >= 6, `6 s of video in ${moofs} fragments`);
  });

  it('keeps every complete fragment, quarantines the unfinished tail byte for byte, and the rest plays', async () => {
    const db = openDb(':memory:');
    const store = new SegmentStore(db);
    const mdats = boxes.filter((b) => b.type === 'mdat');
    const third = mdats[2] as { start: number; end: number };
    const fourthMoof = boxes.filter((b) => b.type === 'moof')[3] as { start: number; end: number };
    const cases = [
      { name: 'mid-mdat.mp4', bytes: third.start + Math.floor((third.end - third.start) / 2), keep: (mdats[1] as { end: number }).end, fragments: 2 },
      { name: 'mid-moof.mp4', bytes: fourthMoof.start + 20, keep: third.end, fragments: 3 },
      { name: 'moof-without-mdat.mp4', bytes: fourthMoof.end, keep: third.end, fragments: 3 },
      { name: 'mdat-header-only.mp4', bytes: fourthMoof.end + 8, keep: third.end, fragments: 3 },
    ];
    for (const c of cases) {
      const file = staged(c.name, c.bytes);
      const original = readFileSync(file);
      const result = await salvagePartialSegment(layout, store, file, 'cam', Date.UTC(2026, 11, 6));
      assert.equal(result.kind, 'cut', c.name);
      if (result.kind !== 'cut') continue;
      assert.equal(result.keptBytes, c.keep, c.name);
      assert.equal(result.fragments, c.fragments, c.name);
      const kept = readFileSync(file);
      const tail = readFileSync(result.quarantined);
      assert.deepEqual(Buffer.concat([kept, tail]), original, `${c.name}: kept + quarantined tail = the original bytes`);
      assert.ok(Math.abs(ffprobeDuration(file) - c.fragments) < 0.15, `${c.name}: ${c.fragments} s of video plays (${ffprobeDuration(file)} s)`);
    }
    const rows = db.prepare('SELECT path, original, bytes FROM quarantine ORDER BY id').all() as { path: string; original: string; bytes: number }[];
    assert.equal(rows.length, cases.length);
    assert.ok(rows.every((r) => r.path.endsWith('.unfinished-fragment')));
    db.close();
  });

  it('leaves a complete segment alone, and calls one with no complete fragment unreadable', async () => {
    const db = openDb(':memory:');
    const store = new SegmentStore(db);
    const whole = staged('whole-copy.mp4', readFileSync(source).length);
    assert.deepEqual(await salvagePartialSegment(layout, store, whole, 'cam', 0), { kind: 'whole' });
    const moov = boxes.find((b) => b.type === 'moov') as { end: number };
    const headerOnly = staged('header-only.mp4', moov.end);
    assert.deepEqual(await salvagePartialSegment(layout, store, headerOnly, 'cam', 0), { kind: 'unreadable' });
    assert.equal(readFileSync(headerOnly).length, moov.end, 'an unreadable file is not touched');
    // Zeroed blocks after a power cut (size 0 means "to the end of the file" in ISO BMFF): not a box.
    const zeroed = staged('zeroed.mp4', (boxes.filter((b) => b.type === 'mdat')[0] as { end: number }).end);
    appendFileSync(zeroed, Buffer.alloc(4096));
    const handle = await open(zeroed, 'r');
    const scan = await scanFragments(handle);
    await handle.close();
    assert.equal(scan.readableBytes, scan.fileBytes - 4096);
    db.close();
  });

  it('syncs the growing file once per change, not once per tick', async () => {
    const staging = join(dir.path, 'staging');
    mkdirSync(staging);
    const file = join(staging, 'seg_000000.mp4');
    writeFileSync(file, Buffer.alloc(1000));
    const sync = new StagingSync(staging);
    await sync.tick();
    assert.equal(sync.syncs, 2, 'the new file and its folder');
    await sync.tick();
    assert.equal(sync.syncs, 2, 'nothing grew: no sync');
    appendFileSync(file, Buffer.alloc(1000));
    await sync.tick();
    assert.equal(sync.syncs, 3, 'the file grew: one fdatasync');
    sync.watch();
    appendFileSync(file, Buffer.alloc(1000));
    for (let i = 0; i < 50 && sync.syncs < 4; i += 1) await new Promise((r) => setTimeout(r, 20));
    sync.close();
    assert.equal(sync.syncs, 4, 'the watch syncs a write without waiting for a tick');
  });
});
