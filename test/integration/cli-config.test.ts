import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli, tempDir } from '../support/premises.js';

describe('premises config validate and start with bad configuration', () => {
  const dir = tempDir();
  after(() => dir.remove());

  const cases: [string, string, RegExp][] = [
    ['unknown key', 'dataDir: ./data\nretension: 7d\n', /:2: \(top level\): unknown key "retension"/],
    ['wrong type', 'listen:\n  port: eighty\n', /:2: listen\.port: expected number, got string/],
    ['bad duration', 'recording:\n  segmentDuration: ten\n', /:2: recording\.segmentDuration: "ten" is not a duration/],
    ['bad URL', 'cameras:\n  - id: a\n    rtsp: ftp://10.0.0.2/x\n', /:3: cameras\[0\]\.rtsp: expected an rtsp:\/\/ or rtsps:\/\/ URL/],
    ['inline password', 'cameras:\n  - id: a\n    rtsp: rtsp://admin:topsecret@10.0.0.2/x\n', /:3: cameras\[0\]\.rtsp: the URL contains a password/],
  ];

  for (const [name, text, expected] of cases) {
    it(`${name}: validate names the key; start refuses and starts nothing`, () => {
      const file = join(dir.path, `${name.replaceAll(' ', '-')}.yaml`);
      writeFileSync(file, text);
      const validate = runCli(['config', 'validate', file]);
      assert.equal(validate.code, 1);
      assert.match(validate.stderr, expected);
      assert.doesNotMatch(validate.stderr + validate.stdout, /topsecret/);
      const start = runCli(['start', '--config', file]);
      assert.equal(start.code, 1, start.stdout + start.stderr);
      assert.match(start.stderr, expected);
      assert.equal(existsSync(join(dir.path, 'data')), false, 'no data directory was created');
    });
  }

  it('accepts a good file and reports usage errors with exit code 2', () => {
    const file = join(dir.path, 'good.yaml');
    writeFileSync(file, 'cameras:\n  - id: door\n    rtsp: rtsp://192.168.1.20/stream\n');
    assert.equal(runCli(['config', 'validate', file]).code, 0);
    assert.equal(runCli(['config', 'validate']).code, 2);
    assert.equal(runCli(['start', '--bogus']).code, 2);
    assert.equal(runCli(['no-such-command']).code, 2);
  });

  it('reads the config named by PREMISES_CONFIG when --config is absent', () => {
    const file = join(dir.path, 'env.yaml');
    writeFileSync(file, 'listen:\n  port: 0\n');
    const result = runCli(['check'], { PREMISES_CONFIG: file });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /env\.yaml:2: listen\.port/);
  });
});
