import assert from 'node:assert/strict';
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort } from '../support/rtsp.js';
import { PremisesProcess, runCli, tempDir, writeConfig } from '../support/premises.js';

/**
 * What `premises start` and `premises check` say about the install they act on: the cameras the recorder
 * really has (also those added at run time) and which configuration and data directory were checked.
 */
describe('premises start / check messages', () => {
  const dir = tempDir('premises-cli-messages-');
  let configPath = '';

  before(async () => {
    // No camera in the YAML: the only camera is added at run time, as the dashboard or `camera add` would.
    const config = await writeConfig(dir.path, [], { top: ['network: { allowLoopbackCameras: true }'] });
    configPath = config.path;
    const deadPort = await freePort();
    const add = runCli(['camera', 'add', '--config', configPath, '--rtsp', `rtsp://127.0.0.1:${deadPort}/porch`, '--id', 'porch']);
    assert.equal(add.code, 0, add.stderr);
  });
  after(() => dir.remove());

  it('counts the cameras added at run time when it starts', async () => {
    const premises = PremisesProcess.start(configPath, 0);
    try {
      const line = await premises.waitForOutput(/Premises is running: .*\n/, 30_000);
      assert.match(line[0], /^Premises is running: 1 camera, configuration /);
      assert.ok(line[0].includes(configPath), line[0]);
    } finally {
      await premises.stop();
    }
  });

  it('says which configuration and data directory it checked', () => {
    const withFlag = runCli(['check', '--config', configPath]);
    assert.equal(withFlag.code, 0, withFlag.stdout + withFlag.stderr);
    const dataDir = realpathSync(join(dir.path, 'data'));
    assert.match(withFlag.stdout, new RegExp(`^checked configuration ${escape(configPath)}, data in ${escape(dataDir)}\\n`));
    assert.ok(!withFlag.stdout.includes('the default'), 'an explicit --config is not called the default');
    const json = JSON.parse(runCli(['check', '--config', configPath, '--json']).stdout) as { config: string; dataDir: string; configFrom: string };
    assert.deepEqual([json.config, json.dataDir, json.configFrom], [configPath, dataDir, 'flag']);
    const fromEnv = JSON.parse(runCli(['check', '--json'], { PREMISES_CONFIG: configPath }).stdout) as { configFrom: string };
    assert.equal(fromEnv.configFrom, 'PREMISES_CONFIG');
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
