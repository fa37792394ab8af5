import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { freePort } from '../support/rtsp.js';

/** scripts/demo.sh as a newcomer runs it: started from a terminal, stopped with Ctrl+C. */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

interface DemoCamera {
  purposes: string[];
  schedule?: unknown;
  rtsp: string;
}

function demoConfig(): { recording?: Record<string, unknown>; cameras: DemoCamera[] } & Record<string, unknown> {
  return parseYaml(readFileSync(join(ROOT, 'config', 'demo.yaml'), 'utf8')) as { cameras: DemoCamera[] } & Record<string, unknown>;
}

/** Frames 0 and 20 (over a second apart) of one RTSP session, each as 160x90 grey pixels. */
function grabFrames(url: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(
      'ffmpeg',
      ['-v', 'error', '-rtsp_transport', 'tcp', '-i', url, '-vf', 'select=eq(n\\,0)+eq(n\\,20),scale=160:90', '-fps_mode', 'passthrough', '-frames:v', '2', '-pix_fmt', 'gray', '-f', 'rawvideo', '-'],
      { encoding: 'buffer', timeout: 20_000, maxBuffer: 1 << 20 },
      (err, stdout) => (err ? reject(new Error(`ffmpeg could not read a frame from ${url}: ${err.message}`)) : resolve(stdout)),
    );
  });
}

function mp4Files(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.mp4'));
  } catch {
    return [];
  }
}

void describe('the demo (scripts/demo.sh, config/demo.yaml)', () => {
  void it("names no hours in the demo camera's purpose, since it records at all times", () => {
    const [camera] = demoConfig().cameras;
    assert.ok(camera);
    assert.equal(camera.schedule, undefined, 'the demo camera has no schedule');
    for (const purpose of camera.purposes) assert.doesNotMatch(purpose, /after closing|at night|overnight|after hours|while closed/i);
  });

  void it('shows a moving, bright picture; on Ctrl+C saves every open segment and keeps the camera server quiet', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'premises-demo-'));
    const rtspPort = await freePort();
    const config = demoConfig();
    const camera = config.cameras[0];
    assert.ok(camera);
    camera.rtsp = `rtsp://127.0.0.1:${rtspPort}/demo`;
    config['dataDir'] = join(dir, 'data');
    config['listen'] = { host: '127.0.0.1', port: await freePort() };
    config.recording = { ...(config.recording ?? {}), segmentDuration: '2s' };
    const configPath = join(dir, 'demo.yaml');
    writeFileSync(configPath, stringifyYaml(config));

    // Its own process group, as a terminal's foreground job: Ctrl+C is SIGINT to the whole group.
    const demo = spawn('bash', ['scripts/demo.sh'], {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PREMISES_DEMO_SKIP_SETUP: '1', PREMISES_DEMO_CONFIG: configPath, PREMISES_DEMO_RTSP_PORT: String(rtspPort), PREMISES_DEMO_LOG_DIR: dir },
    });
    let output = '';
    demo.stdout.on('data', (d: Buffer) => (output += d.toString()));
    demo.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => demo.once('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 60_000;
      while (mp4Files(join(dir, 'data', 'recordings')).length < 2) {
        assert.ok(Date.now() < deadline, `the demo recorded nothing within 60 s:\n${output}`);
        assert.equal(demo.exitCode, null, `the demo exited early:\n${output}`);
        await new Promise((r) => setTimeout(r, 500));
      }
      assert.match(output, /Create it within one hour at: http:\/\/127\.0\.0\.1:\d+\//, 'the setup link is printed');

      // The demo picture moves and is not a black screen.
      const frames = await grabFrames(camera.rtsp);
      assert.equal(frames.length, 2 * 160 * 90);
      const first = frames.subarray(0, 160 * 90);
      const second = frames.subarray(160 * 90);
      const mean = first.reduce((sum, v) => sum + v, 0) / first.length;
      assert.ok(mean > 60, `the picture is bright enough to read as a picture (mean grey ${mean.toFixed(0)})`);
      let changed = 0;
      for (let i = 0; i < first.length; i++) if (Math.abs((first[i] ?? 0) - (second[i] ?? 0)) > 24) changed++;
      assert.ok(changed / first.length > 0.05, `the picture visibly moves between frames (${((100 * changed) / first.length).toFixed(1)} % of pixels changed)`);

      process.kill(-(demo.pid ?? 0), 'SIGINT');
      const code = await exited;
      assert.equal(code, 130, `Ctrl+C ends the demo with status 130:\n${output}`);
      assert.match(output, /Premises stopped; all open segments were saved\./);
      assert.doesNotMatch(output, /moved to quarantine/i, output);
      assert.doesNotMatch(output, /^(READY|CLIENT)\b/m, "the camera server's lines stay in its log");
      assert.match(readFileSync(join(dir, 'demo-camera.log'), 'utf8'), /^READY/m);
    } finally {
      // The camera runs in its own session, out of reach of a kill of this group: let the script stop it.
      if (demo.exitCode === null && demo.signalCode === null) {
        demo.kill('SIGTERM');
        const timer = setTimeout(() => process.kill(-(demo.pid ?? 0), 'SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
