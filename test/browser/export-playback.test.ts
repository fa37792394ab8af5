import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { openDb } from '../../src/db/open.js';
import type { ExportManifest } from '../../src/disclosure/export/manifest.js';
import { DataLayout } from '../../src/shared/data-layout.js';
import { openBrowser, type BrowserFixture } from '../support/browser.js';
import { addRecordedRun, GOP_SECONDS, mediaSeconds } from '../support/footage.js';
import { makeInstall, type TestInstall } from '../support/install.js';

const T0 = Date.UTC(2026, 10, 26, 10, 0, 0);
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();
const WHY = ['--reason', 'incident', '--requested-by', 'insurer', '--legal-basis', 'PIPA s.18(1)(c)'];

interface Played {
  seekedTo: number;
  seekTarget: number;
  duration: number;
  width: number;
  height: number;
  currentTime: number;
  decoded: number;
  error: string | null;
}

/** Runs in the page (no DOM types in this project, hence a string): load, play 1.5 s, report. */
const PLAY_IN_PAGE = `(async () => {
  const v = document.querySelector('video');
  v.muted = true;
  if (v.readyState < 1) {
    await new Promise((resolve, reject) => {
      v.onloadedmetadata = resolve;
      v.onerror = () => reject(new Error(v.error ? v.error.message : 'media error'));
      setTimeout(() => reject(new Error('no metadata within 10 s')), 10000);
    });
  }
  await v.play();
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const played = v.currentTime;
  // Seek back into the middle: a fragmented file is found through its fragment index (mfra).
  const target = v.duration / 2;
  await new Promise((resolve, reject) => {
    v.onseeked = resolve;
    setTimeout(() => reject(new Error('no seek within 10 s')), 10000);
    v.currentTime = target;
  });
  return {
    seekedTo: v.currentTime,
    seekTarget: target,
    duration: v.duration,
    width: v.videoWidth,
    height: v.videoHeight,
    currentTime: played,
    decoded: v.getVideoPlaybackQuality().totalVideoFrames,
    error: v.error ? v.error.message : null,
  };
})()`;

/** GStreamer's Discoverer (python3-gi, as the RTSP test server uses): result, duration, seekable, picture size. */
const GST_DISCOVER = `
import json, sys, gi
gi.require_version('Gst', '1.0'); gi.require_version('GstPbutils', '1.0')
from gi.repository import Gst, GstPbutils
Gst.init(None)
info = GstPbutils.Discoverer.new(20 * Gst.SECOND).discover_uri(Gst.filename_to_uri(sys.argv[1]))
v = info.get_video_streams()
print(json.dumps({'result': info.get_result().value_nick, 'duration': info.get_duration() / Gst.SECOND, 'seekable': info.get_seekable(),
  'width': v[0].get_width() if v else 0, 'height': v[0].get_height() if v else 0}))
`;
import { stopAll } from '../support/teardown.js';

function gstDiscover(file: string): { result: string; duration: number; seekable: boolean; width: number; height: number } {
  const r = spawnSync('/usr/bin/python3', ['-c', GST_DISCOVER, file], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as { result: string; duration: number; seekable: boolean; width: number; height: number };
}

/** "Files play in common players": a real browser (Debian's Chromium) loads each exported MP4 from disk and plays it. */
void describe('exported files play in a browser and in GStreamer', () => {
  let install: TestInstall;
  let web: BrowserFixture;

  before(async () => {
    install = makeInstall('cameras: []\n');
    const layout = new DataLayout(install.dataDir);
    mkdirSync(layout.recordingsRoot, { recursive: true });
    const db = openDb(layout.indexPath);
    addRecordedRun(db, layout, 'cam1', { startMs: T0, seconds: 12 });
    db.close();
    web = await openBrowser(install.dir, { args: ['--autoplay-policy=no-user-gesture-required'] });
  });
  after(() => stopAll(web, install));

  const play = async (file: string): Promise<Played> => {
    const page = await web.context.newPage();
    try {
      const html = join(install.dir, 'player.html');
      writeFileSync(html, `<video src="${pathToFileURL(file).href}" preload="auto" muted></video>`);
      await page.goto(pathToFileURL(html).href);
      return await page.evaluate<Played>(PLAY_IN_PAGE);
    } finally {
      await page.close();
    }
  };

  for (const [label, extra] of [
    ['a stream-copied export', []],
    ['a redacted (re-encoded) export', ['--redact', 'cam1,0,0,64,64']],
  ] as const) {
    void it(`${label} loads, reports its duration and plays`, async () => {
      const r = await install.run(['export', '--camera', 'cam1', '--from', at(1), '--to', at(9), ...WHY, ...extra, '--json']);
      assert.equal(r.code, 0, r.err);
      const { dir } = JSON.parse(r.out) as { dir: string };
      const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as ExportManifest;
      const file = join(dir, m.files[0]!.name);
      const played = await play(file);
      assert.equal(played.error, null);
      assert.ok(Math.abs(played.duration - mediaSeconds(file)) < 0.1, `browser says ${played.duration} s`);
      assert.deepEqual([played.width, played.height], [320, 240]);
      assert.ok(played.currentTime > 0.5, `playback advanced to ${played.currentTime} s`);
      assert.ok(played.decoded > 10, `${played.decoded} frames decoded`);
      assert.ok(Math.abs(played.seekedTo - played.seekTarget) < 0.2, `seeked to ${played.seekedTo} s, asked ${played.seekTarget} s`);

      // A second, independent MP4 parser: GStreamer's qtdemux (GNOME Videos, WebKitGTK). It takes the end from the
      // fragment index, which names the last fragment's start: its duration may be one GOP short (docs/exports.md).
      const gst = gstDiscover(file);
      assert.equal(gst.result, 'ok', JSON.stringify(gst));
      assert.equal(gst.seekable, true);
      assert.deepEqual([gst.width, gst.height], [320, 240]);
      assert.ok(gst.duration <= mediaSeconds(file) + 0.05 && gst.duration >= mediaSeconds(file) - GOP_SECONDS - 0.05, `GStreamer says ${gst.duration} s`);
    });
  }
});
