import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { lumaOf, maxOf, meanAbsDiff } from '../support/pixels.js';
import { RtspServer } from '../support/rtsp.js';
import { ffprobeDuration, PremisesProcess, readIndex, sleepMs, tempDir, writeConfig, type SegmentRecord } from '../support/premises.js';

/**
 * A masked region is black in what is stored, while the rest of the picture
 * still moves. The same source recorded without a mask proves there was
 * something bright to hide.
 */
describe('privacy masks are burned in before footage is stored', () => {
  const dir = tempDir();
  let rtsp: RtspServer;
  let premises: PremisesProcess;
  const data = () => join(dir.path, 'data');
  const UNDER_MASK = { x: 0.05, y: 0.1, w: 0.3, h: 0.8 }; // inside the mask (left 40 %)
  const TRIANGLE_INSIDE = { x: 0.9, y: 0.85, w: 0.08, h: 0.1 }; // inside the bottom-right triangle
  const OPEN = { x: 0.5, y: 0.1, w: 0.3, h: 0.4 }; // never masked

  before(async () => {
    rtsp = await RtspServer.start({ bars: 'bars:640x360@10', bars2: 'bars:640x360@10' });
    const config = await writeConfig(dir.path, [
      { id: 'masked', rtsp: rtsp.url('bars'), extra: ['    masks:', '      - name: neighbour window', '        polygon: [[0, 0], [0.4, 0], [0.4, 1], [0, 1]]', '      - polygon: [[0.8, 1], [1, 0.6], [1, 1]]'] },
      { id: 'plain', rtsp: rtsp.url('bars2') },
    ]);
    premises = PremisesProcess.start(config.path, config.port);
    await premises.waitFor((h) => h.cameras.every((c) => c.lastSegmentAt !== null), 40_000, 'both cameras to record');
    await sleepMs(7_000);
    await premises.stop();
  });

  after(async () => {
    await premises?.kill9();
    await rtsp?.stop();
    dir.remove();
  });

  const segmentsOf = (camera: string) =>
    readIndex<SegmentRecord>(data(), 'SELECT * FROM segments WHERE camera_id = ? ORDER BY start_ms', camera).map((r) => join(data(), 'recordings', r.path));

  it('shows something bright in that region when the camera is not masked (the control)', () => {
    const peaks = segmentsOf('plain').slice(1, 4).map((f) => maxOf(lumaOf(f, 0.5, UNDER_MASK)));
    assert.ok(peaks.some((p) => p > 150), `peak luma under the mask area without a mask: ${peaks.join(', ')}`);
  });

  it('stores the masked region black in every segment, polygon included', () => {
    const files = segmentsOf('masked');
    assert.ok(files.length >= 4, `${files.length} segments`);
    for (const file of files) {
      for (const at of [0, ffprobeDuration(file) * 0.6]) {
        assert.ok(maxOf(lumaOf(file, at, UNDER_MASK)) <= 40, `${file} at ${at}s is not black under the mask`);
        assert.ok(maxOf(lumaOf(file, at, TRIANGLE_INSIDE)) <= 40, `${file} at ${at}s is not black under the triangle`);
      }
    }
  });

  it('leaves the unmasked region changing over time', () => {
    const files = segmentsOf('masked');
    const early = lumaOf(files[1] as string, 0.2, OPEN);
    const late = lumaOf(files.at(-2) as string, 0.2, OPEN);
    assert.ok(maxOf(early) > 100, 'the open region is not black');
    assert.ok(meanAbsDiff(early, late) > 5, `the open region should change; mean difference ${meanAbsDiff(early, late).toFixed(1)}`);
  });
});
