import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configSchema } from '../../src/config/schema.js';
import { defaultRetentionOf } from '../../src/policy/consent/profile.js';
import { renderReport } from '../../src/policy/consent/report.js';
import type { SignStatus } from '../../src/policy/consent/signage-store.js';

const config = configSchema.parse({
  jurisdiction: 'EU',
  timezone: 'Europe/Berlin',
  business: { name: 'Café | Bar', address: 'Hauptstr. 1', contact: { name: 'Inhaber', email: 'a@b.example' } },
  cameras: [
    {
      id: 'bar',
      rtsp: 'rtsp://10.0.0.5/s',
      purposes: ['Investigate till discrepancies'],
      area: 'cash',
      audio: true,
      audioJustification: 'Threats against staff at the bar were reported',
      audioInterceptionWarningAcknowledged: true,
      signage: { location: 'Door', date: '2026-11-20', confirmedBy: 'A' },
      schedule: [{ days: ['sat', 'sun'], from: '22:00', to: '06:00' }],
    },
    {
      id: 'tables',
      rtsp: 'rtsp://10.0.0.6/s',
      area: 'dining',
      purposes: ['Identify customers who leave without paying'],
      masks: [{ name: 'window', polygon: [[0, 0], [0.3, 0], [0.3, 0.3]] }, { name: 'neighbour', polygon: [[0.5, 0.5], [0.9, 0.5], [0.9, 0.9]] }],
    },
  ],
});

const stale: SignStatus = {
  key: 'notice:bar',
  camera: 'bar',
  status: 'stale',
  currentSha256: 'b'.repeat(64),
  posted: { printId: 1, sha256: 'a'.repeat(64), confirmedAt: 0, confirmedBy: 'cli:a' },
  pendingPrintId: undefined,
};

void describe('record of processing', () => {
  void it('lists cameras with retention against the cap, schedules, audio, dining, stale signs and gaps honestly', () => {
    const text = renderReport({
      config,
      retentionOf: (id) => (id === 'bar' ? { ms: 45 * 86_400_000, text: '45 days' } : defaultRetentionOf('EU')(id)),
      signs: [stale],
      pauses: [{ id: 1, camera: 'bar', reason: 'guest objected', startedAt: Date.UTC(2026, 10, 26, 12), startedBy: 'cli:a', until: Date.UTC(2026, 10, 26, 12, 30) }],
      audit: { entries: 12, lastAt: Date.UTC(2026, 10, 26, 12) },
      generatedAt: Date.UTC(2026, 10, 26, 13),
      maskingOf: (id) => (id === 'tables' ? 'by the camera itself (verified 2026-11-26T12:00:00.000Z)' : 'by Premises'),
    });
    assert.match(text, /- Business: Café \| Bar/);
    assert.match(text, /Jurisdiction profile: European Union \(GDPR\)/);
    assert.match(text, /\| tables \|.*\| 2 area\(s\) blacked out, by the camera itself \(verified 2026-11-26T12:00:00\.000Z\) \| off \|/);
    assert.match(text, /\| bar \| cash \| Investigate till discrepancies \| 45 days \(30 days\) OVER CAP \| sat, sun 22:00–06:00 \(ends the next day\) \(Europe\/Berlin local time\) \| none \| on \| STALE/);
    assert.match(text, /\| paused \|/);
    assert.match(text, /\| tables \| dining \| .* \| 72 hours \(30 days\) \| at all times \|.*\| no: dining-needs-justification, no-signage \|/);
    assert.match(text, /- bar: justification: Threats against staff at the bar were reported; interception warning acknowledged: yes/);
    assert.match(text, /- tables: no justification: off/);
    // One answer to "am I compliant?", the same the Compliance page shows.
    assert.match(text, /\*\*NOT compliant: \d+ thing\(s\) to fix: .*camera bar: sign: STALE/);
    assert.match(text, /\*\*1 stale sign\(s\): notice:bar\.\*\*/);
    assert.match(text, /- bar: since 2026-11-26T12:00:00.000Z by cli:a, for 30m/);
    assert.match(text, /## Holds\n\nNot available yet/);
    assert.match(text, /Transfer policies: Not available yet .* Footage never leaves the premises\./);
    assert.match(text, /Entries: 12/);
  });

  void it('says plainly when there is no business profile', () => {
    const text = renderReport({
      config: configSchema.parse({ cameras: [] }),
      retentionOf: defaultRetentionOf('CA-BC'),
      signs: [],
      pauses: [],
      audit: { entries: 0, lastAt: undefined },
      generatedAt: 0,
    });
    assert.match(text, /No business profile configured: no camera records until one exists/);
    assert.match(text, /No cameras are configured/);
  });
});
