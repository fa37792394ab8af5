import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

/** deploy/systemd: the service unit as systemd itself judges it (verify, and the offline security score). */
const UNIT = fileURLToPath(new URL('../../../deploy/systemd/premises.service', import.meta.url));
const DROP_IN = fileURLToPath(new URL('../../../deploy/systemd/camera-network.conf', import.meta.url));

function analyze(args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile('systemd-analyze', args, { timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: `${stdout}${stderr}` });
    });
  });
}

/** The "Overall exposure level" systemd-analyze security prints: 0 (locked down) to 10 (exposed). */
async function exposure(unitFile: string): Promise<number> {
  const r = await analyze(['security', '--offline=yes', '--no-pager', unitFile]);
  const m = /Overall exposure level for premises\.service: (\d+(?:\.\d+)?)/.exec(r.out);
  assert.ok(m?.[1], `no exposure level in:\n${r.out}`);
  return Number(m[1]);
}

void describe('deploy/systemd/premises.service', () => {
  void it('passes systemd-analyze verify, alone and with the camera-network drop-in', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'premises-unit-'));
    try {
      const alone = await analyze(['verify', UNIT]);
      assert.equal(alone.code, 0, alone.out);
      const combined = join(dir, 'premises.service');
      writeFileSync(combined, readFileSync(UNIT, 'utf8') + readFileSync(DROP_IN, 'utf8'));
      const withDropIn = await analyze(['verify', combined]);
      assert.equal(withDropIn.code, 0, withDropIn.out);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  void it('is locked down: exposure at most 2.0 (docs/security.md), no capabilities, hidden processes, writable data only', async () => {
    const text = readFileSync(UNIT, 'utf8');
    const score = await exposure(UNIT);
    process.stdout.write(`# systemd-analyze security --offline=yes: ${score}\n`);
    assert.ok(score <= 2.0, `exposure ${score}`);
    for (const line of ['ProtectProc=invisible', 'ProtectSystem=strict', 'StateDirectory=premises', 'NoNewPrivileges=true', 'CapabilityBoundingSet=\n', 'User=premises']) {
      assert.ok(text.includes(line), `the unit sets ${line.trim()}`);
    }
    assert.doesNotMatch(text, /^ReadWritePaths=/m, 'nothing writable besides the state directory');
    assert.doesNotMatch(text, /^(AmbientCapabilities|CapabilityBoundingSet)=\S/m, 'no capability without the opt-in drop-in');
  });

  void it('the camera-network drop-in adds only the two network capabilities gateway mode needs', async () => {
    const dropIn = readFileSync(DROP_IN, 'utf8');
    // The minimum the booted unit needs (test/container): nft and dnsmasq's ARP entries, ports 53/67/123. No CAP_NET_RAW (dnsmasq runs with no-ping).
    for (const key of ['CapabilityBoundingSet', 'AmbientCapabilities']) {
      const caps = new RegExp(`^${key}=(.*)$`, 'm').exec(dropIn)?.[1]?.split(/\s+/).sort();
      assert.deepEqual(caps, ['CAP_NET_ADMIN', 'CAP_NET_BIND_SERVICE'], key);
    }
    assert.doesNotMatch(dropIn.replace(/#.*$/gm, ''), /SystemCallFilter|NoNewPrivileges|ProtectSystem|ProtectClock|RestrictAddressFamilies|ReadWritePaths|User=/, 'the drop-in loosens nothing else');
    const dir = mkdtempSync(join(tmpdir(), 'premises-unit-'));
    try {
      const combined = join(dir, 'premises.service');
      writeFileSync(combined, readFileSync(UNIT, 'utf8') + dropIn);
      const score = await exposure(combined);
      process.stdout.write(`# with camera-network.conf: ${score}\n`);
      assert.ok(score > (await exposure(UNIT)), 'capabilities cost exposure, and systemd sees them');
      assert.ok(score <= 2.0, `exposure with the drop-in ${score}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
