import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from '../../src/config/load.js';
import { parseFloor, parseSize } from '../../src/config/retention.js';
import { floorBytes, retentionSettings } from '../../src/policy/retention/settings.js';

const cam = (extra = '') => `cameras:\n  - id: door\n    rtsp: rtsp://10.0.0.5/s\n${extra}`;

void describe('retention configuration', () => {
  void it('parses sizes and floors written for people', () => {
    assert.equal(parseSize('500MB'), 500e6);
    assert.equal(parseSize('1.5GiB'), 1.5 * 2 ** 30);
    assert.equal(parseSize(4096), 4096);
    assert.equal(parseSize('lots'), undefined);
    assert.deepEqual(parseFloor('5%'), { percent: 5 });
    assert.deepEqual(parseFloor('20GB'), { bytes: 20e9 });
    assert.equal(parseFloor('150%'), undefined);
  });

  void it('resolves camera rules against the jurisdiction profile', () => {
    const { config } = parseConfig(`jurisdiction: EU\n${cam()}  - id: dock\n    rtsp: rtsp://10.0.0.6/s\n    retention:\n      maxAge: 10d\n      maxBytes: 200GB\n`);
    assert.ok(config);
    const s = retentionSettings(config);
    assert.equal(s.rules.get('door')?.maxAgeMs, 72 * 3_600_000);
    assert.deepEqual(s.rules.get('dock'), { maxAgeMs: 10 * 86_400_000, maxBytes: 200e9, justification: undefined });
    assert.equal(s.capMaxAgeMs, 30 * 86_400_000);
    assert.equal(s.sweepIntervalMs, 60_000);
    assert.equal(s.clockAheadLimitMs, 86_400_000);
  });

  void it('names the key of a bad retention setting', () => {
    const { problems } = parseConfig(`retention:\n  freeSpaceFloor: plenty\n  defaultMaxAge: 90d\n${cam('    retention:\n      maxAge: 45d\n      maxBites: 1GB\n')}`);
    const text = problems.map((p) => `${p.path}: ${p.message}`).join('\n');
    assert.match(text, /retention\.freeSpaceFloor: "plenty" is not a free-space floor/);
    assert.match(text, /cameras\[0\]\.retention: unknown key "maxBites"/);
  });

  void it('refuses a default above the cap and accepts any length under custom', () => {
    assert.match(parseConfig(`retention:\n  defaultMaxAge: 90d\n${cam()}`).problems.map((p) => `${p.path}: ${p.message}`).join('\n'), /retention\.defaultMaxAge: 90d is above the CA-BC cap of 30d/);
    assert.ok(parseConfig(`jurisdiction: custom\n${cam('    retention:\n      maxAge: 400d\n')}`).config);
  });

  void it('defaults the floor to max(5 % of the disk, one hour of footage)', () => {
    assert.equal(floorBytes(undefined, 1000e9, 2e9), 50e9);
    assert.equal(floorBytes(undefined, 20e9, 2e9), 2e9);
    assert.equal(floorBytes({ percent: 10 }, 1000e9, 0), 100e9);
    assert.equal(floorBytes({ bytes: 5e9 }, 1000e9, 9e9), 5e9);
  });
});
