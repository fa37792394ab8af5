import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from '../../src/config/load.js';

void describe('camera config: rtsp or onvif', () => {
  void it('accepts an onvif: camera with credentials by reference', () => {
    const { config, problems } = parseConfig(
      'cameras:\n  - id: door\n    onvif:\n      xaddr: http://192.168.1.20/onvif/device_service\n      username: admin\n      password_env: DOOR_PW\n      profile: main\n',
    );
    assert.deepEqual(problems, []);
    assert.equal(config?.cameras[0]?.onvif?.xaddr, 'http://192.168.1.20/onvif/device_service');
    assert.equal(config?.cameras[0]?.rtsp, undefined);
  });

  void it('still accepts an rtsp: camera', () => {
    assert.deepEqual(parseConfig('cameras:\n  - id: a\n    rtsp: rtsp://10.0.0.2/s\n').problems, []);
  });

  void it('names the key when neither or both are given', () => {
    const neither = parseConfig('cameras:\n  - id: a\n    name: A\n').problems;
    assert.equal(neither.length, 1);
    assert.equal(neither[0]?.path, 'cameras[0].rtsp');
    assert.match(neither[0]?.message ?? '', /either rtsp: .* or onvif:/);
    const both = parseConfig('cameras:\n  - id: a\n    rtsp: rtsp://10.0.0.2/s\n    onvif:\n      xaddr: http://10.0.0.2/onvif/device_service\n').problems;
    assert.equal(both[0]?.path, 'cameras[0].onvif');
    assert.match(both[0]?.message ?? '', /not both/);
  });

  void it('rejects unknown keys, user info in xaddr, a password without a user, credentials outside onvif:', () => {
    const p = (yaml: string) => parseConfig(yaml).problems.map((x) => `${x.path}: ${x.message}`).join('\n');
    assert.match(p('cameras:\n  - id: a\n    onvif:\n      xaddr: http://10.0.0.2/x\n      pasword_env: X\n'), /cameras\[0\]\.onvif: unknown key "pasword_env"/);
    assert.match(p('cameras:\n  - id: a\n    onvif:\n      xaddr: http://u:p@10.0.0.2/x\n'), /cameras\[0\]\.onvif\.xaddr: .*user info/);
    assert.match(p('cameras:\n  - id: a\n    onvif:\n      xaddr: http://10.0.0.2/x\n      password_env: X\n'), /cameras\[0\]\.onvif\.username: a password reference needs a username/);
    assert.match(p('cameras:\n  - id: a\n    username: u\n    onvif:\n      xaddr: http://10.0.0.2/x\n'), /cameras\[0\]\.username: .*inside onvif:/);
  });
});
