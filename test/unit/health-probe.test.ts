import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { probeHealth, probeTarget } from '../../src/api/health-probe.js';

void describe('premises healthcheck: where and how it probes', () => {
  void it('uses plain HTTP on loopback, HTTPS to loopback for a wildcard, and a loopback source for a LAN address', () => {
    assert.deepEqual(probeTarget('127.0.0.1', 8080), { secure: false, connectHost: '127.0.0.1', port: 8080, localAddress: undefined });
    assert.deepEqual(probeTarget('localhost', 8080), { secure: false, connectHost: '127.0.0.1', port: 8080, localAddress: undefined });
    assert.deepEqual(probeTarget('0.0.0.0', 8443), { secure: true, connectHost: '127.0.0.1', port: 8443, localAddress: undefined });
    assert.deepEqual(probeTarget('::', 8443), { secure: true, connectHost: '::1', port: 8443, localAddress: undefined });
    assert.deepEqual(probeTarget('192.168.1.20', 8443), { secure: true, connectHost: '192.168.1.20', port: 8443, localAddress: '127.0.0.1' });
  });

  void it('accepts the pinned self-signed certificate and refuses another one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'premises-probe-'));
    let server: Server | undefined;
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=probe'], { stdio: 'ignore' });
      const cert = readFileSync(join(dir, 'cert.pem'));
      const pinned = new X509Certificate(cert).fingerprint256;
      const s = createServer({ key: readFileSync(join(dir, 'key.pem')), cert }, (req, res) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ status: 'degraded', cameras: [{ recording: true }, { recording: false }], peer: req.socket.remoteAddress }));
      });
      server = s;
      await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
      const port = (s.address() as { port: number }).port;
      const target = { secure: true, connectHost: '127.0.0.1', port, localAddress: '127.0.0.1' };
      assert.deepEqual(await probeHealth(target, pinned, 5000), { status: 'degraded', cameras: 2, recording: 1 });
      await assert.rejects(probeHealth(target, 'AA:BB', 5000), (err: Error & { kind?: string }) => err.kind === 'PermissionDenied' && /not the one in the data directory/.test(err.message));
    } finally {
      server?.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
