import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_CONFIG_BYTES, parseConfig } from '../../src/config/load.js';
import { TEXT } from '../../src/config/schema.js';
import { parseDuration } from '../../src/shared/duration.js';

const problemsOf = (text: string) => parseConfig(text).problems.map((p) => `${p.path}: ${p.message}`);

describe('configuration', () => {
  it('accepts the minimal camera entry and fills defaults', () => {
    const { config, problems } = parseConfig('cameras:\n  - id: door\n    name: Door\n    rtsp: rtsp://192.168.1.20:554/stream1\n');
    assert.deepEqual(problems, []);
    assert.equal(config?.dataDir, './data');
    assert.equal(config?.listen.port, 8080);
    assert.equal(config?.recording.segmentDuration, 10_000);
    assert.equal(config?.cameras[0]?.audio, false, 'audio is off by default');
  });

  it('takes an optional sub stream beside rtsp, and refuses one on an onvif camera or with user info', () => {
    const { config, problems } = parseConfig('cameras:\n  - id: door\n    rtsp: rtsp://192.168.1.20:554/stream1\n    subRtsp: rtsp://192.168.1.20:554/stream2\n');
    assert.deepEqual(problems, []);
    assert.equal(config?.cameras[0]?.subRtsp, 'rtsp://192.168.1.20:554/stream2');
    assert.deepEqual(problemsOf('cameras:\n  - id: door\n    onvif: {xaddr: "http://192.168.1.20/onvif/device_service"}\n    subRtsp: rtsp://192.168.1.20/s2\n'), [
      'cameras[0].subRtsp: subRtsp goes with rtsp:; an onvif: camera tells Premises its sub stream itself',
    ]);
    assert.equal(problemsOf('cameras:\n  - id: door\n    rtsp: rtsp://h/s1\n    subRtsp: http://h/s2\n').length, 1);
    assert.equal(problemsOf('cameras:\n  - id: door\n    rtsp: rtsp://h/s1\n    subRtsp: rtsp://u:p@h/s2\n').length, 1, 'credentials never go in the URL');
  });

  it('names an unknown key and its line', () => {
    const { problems } = parseConfig('dataDir: ./d\ncameras:\n  - id: a\n    rtsp: rtsp://h/x\n    fps: 15\n');
    assert.equal(problems.length, 1);
    assert.equal(problems[0]?.path, 'cameras[0]');
    assert.match(problems[0]?.message ?? '', /unknown key "fps"/);
    assert.equal(problems[0]?.line, 5);
  });

  it('refuses free text beyond its limit, naming the key', () => {
    const purpose = `Record the till to settle cash disputes ${'x'.repeat(100 * 1024)}`;
    const problems = problemsOf(`cameras:\n  - id: a\n    rtsp: rtsp://h/x\n    purposes: ["${purpose}"]\n`);
    assert.deepEqual(problems, [`cameras[0].purposes[0]: too long: at most ${TEXT.paragraph} characters`]);
    assert.deepEqual(problemsOf(`business:\n  name: "${'n'.repeat(TEXT.line + 1)}"\n  address: 1 Main St\n  contact: {name: Owner, phone: "555"}\n`), [
      `business.name: too long: at most ${TEXT.line} characters`,
    ]);
    assert.deepEqual(problemsOf(`business:\n  name: "${'n'.repeat(TEXT.line)}"\n  address: 1 Main St\n  contact: {name: Owner, phone: "555"}\n`), [], 'the limit itself is allowed');
  });

  it('refuses a file far larger than any configuration before parsing it', () => {
    const problems = parseConfig(`# ${'y'.repeat(MAX_CONFIG_BYTES)}\n`).problems;
    assert.equal(problems.length, 1);
    assert.equal(problems[0]?.path, '(file)');
    assert.match(problems[0]?.message ?? '', /is this the right file\?/);
  });

  it('names a wrong type', () => {
    assert.deepEqual(problemsOf('listen:\n  port: "eighty"\n'), ['listen.port: expected number, got string']);
  });

  it('explains a bad duration', () => {
    assert.deepEqual(problemsOf('recording:\n  segmentDuration: 10 seconds\n'), [
      'recording.segmentDuration: "10 seconds" is not a duration; write it like "10s", "15m", "72h" or "7d"',
    ]);
  });

  it('refuses a URL that is not RTSP', () => {
    assert.match(problemsOf('cameras:\n  - id: a\n    rtsp: http://10.0.0.2/x\n')[0] ?? '', /^cameras\[0\]\.rtsp: expected an rtsp:\/\/ or rtsps:\/\/ URL/);
    assert.match(problemsOf('cameras:\n  - id: a\n    rtsp: not a url\n')[0] ?? '', /^cameras\[0\]\.rtsp: "not a url" is not a URL/);
  });

  it('refuses an inline password and says how to fix it', () => {
    const [problem] = problemsOf('cameras:\n  - id: a\n    rtsp: rtsp://admin:hunter2@10.0.0.2/x\n');
    assert.match(problem ?? '', /^cameras\[0\]\.rtsp: the URL contains a password\. .*password_file/);
    assert.doesNotMatch(problem ?? '', /hunter2/, 'the error does not repeat the password');
  });

  it('refuses duplicate camera ids and a password reference without a user', () => {
    assert.deepEqual(problemsOf('cameras:\n  - id: a\n    rtsp: rtsp://h/1\n  - id: a\n    rtsp: rtsp://h/2\n'), ['cameras[1].id: camera id "a" is used twice']);
    assert.deepEqual(problemsOf('cameras:\n  - id: a\n    rtsp: rtsp://h/1\n    password_env: CAM_PW\n'), ['cameras[0].username: a password reference needs a username']);
  });

  it('reports YAML syntax errors with a line', () => {
    const { problems } = parseConfig('cameras:\n  - id: a\n   rtsp: [\n');
    assert.equal(problems[0]?.path, '(yaml)');
    assert.ok(problems[0]?.line);
  });
});

describe(parseDuration.name, () => {
  it('reads the units people write', () => {
    assert.equal(parseDuration('500ms'), 500);
    assert.equal(parseDuration('10s'), 10_000);
    assert.equal(parseDuration('15m'), 900_000);
    assert.equal(parseDuration('72h'), 259_200_000);
    assert.equal(parseDuration('7d'), 604_800_000);
    assert.equal(parseDuration('1.5s'), 1_500);
    assert.equal(parseDuration('7 days'), undefined);
    assert.equal(parseDuration('-1s'), undefined);
  });
});
