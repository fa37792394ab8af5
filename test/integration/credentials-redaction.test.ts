import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RtspServer } from '../support/rtsp.js';
import { BUSINESS_LINES, PremisesProcess, tempDir } from '../support/premises.js';
import { freePort } from '../support/rtsp.js';

/** ffmpeg repeats its input URL, credentials included, in its own error messages. None may reach our logs or API. */
describe('camera credentials stay out of logs and the API', () => {
  const dir = tempDir();
  const password = 'Pa55-w0rd!secret';
  let rtsp: RtspServer;
  let premises: PremisesProcess;

  before(async () => {
    rtsp = await RtspServer.start({ real: 'live:320x240@10' });
    const port = await freePort();
    writeFileSync(
      join(dir.path, 'premises.yaml'),
      [
        'dataDir: ./data',
        ...BUSINESS_LINES,
        `listen: { port: ${port} }`,
        'recording: { segmentDuration: 2s, rtspTimeout: 2s }',
        'cameras:',
        '  - id: wrongpath',
        `    rtsp: ${rtsp.url('no-such-stream')}`,
        '    username: admin',
        '    password_env: CAM_PASSWORD',
        '    purposes: ["Investigate theft at the test door"]',
        '    area: entrance',
        '    signage: { location: Test door, date: "2026-11-26", confirmedBy: Test owner }',
        '',
      ].join('\n'),
    );
    premises = PremisesProcess.start(join(dir.path, 'premises.yaml'), port, { CAM_PASSWORD: password, PREMISES_LOG_LEVEL: 'debug' });
    await premises.waitFor((h) => (h.cameras[0]?.restarts ?? 0) >= 2, 30_000, 'two failed attempts');
  });

  after(async () => {
    await premises?.kill9();
    await rtsp?.stop();
    dir.remove();
  });

  it('reports why the camera fails without the password', async () => {
    const health = await premises.health();
    const text = JSON.stringify(health) + premises.output.join('');
    assert.match(text, /404|Not Found|Server returned/, 'the reason is there');
    assert.match(text, /rtsp:\/\/\*\*\*@127\.0\.0\.1/, 'the URL appears redacted');
    assert.ok(!text.includes(password), 'the password never appears');
    assert.ok(!text.includes(encodeURIComponent(password)), 'not even URL-encoded');
    assert.ok(!text.includes('admin:'), 'nor the user:password pair');
  });
});
