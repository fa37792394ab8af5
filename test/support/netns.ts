import { execFileSync, spawn } from 'node:child_process';

/**
 * A private test network: two network namespaces joined by a veth pair in
 * 10.99.1.0/24, with the 224.0.0.0/4 route on the recorder ("nvr") side, and
 * a dummy interface on the nvr side that has no multicast route. Names are
 * unique per process and tag; destroy() deletes everything (deleting a
 * namespace deletes its interfaces). Creating it needs root: when that fails
 * the test fails with the reason — discovery tests are never skipped.
 */
export interface TestNetwork {
  nvrNs: string;
  camNs: string;
  nvrIf: string;
  camIf: string;
  dummyIf: string;
  nvrAddr: string;
  camAddrs: string[];
  run(ns: string, argv: string[], options?: { input?: string; timeoutMs?: number }): Promise<{ code: number | null; stdout: string; stderr: string }>;
  destroy(): void;
}

function ip(args: string[]): void {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Run a command inside a namespace and collect its output. */
export const runIn = (ns: string, argv: string[], options: { input?: string; timeoutMs?: number } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> =>
  new Promise((resolve, reject) => {
    const child = spawn('ip', ['netns', 'exec', ns, ...argv], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });

export function createTestNetwork(tag: string, cameras: number): TestNetwork {
  const id = `${process.pid}${tag}`;
  const nvrNs = `pnv-${id}-nvr`;
  const camNs = `pnv-${id}-cam`;
  const nvrIf = `pv${id}n`.slice(0, 15);
  const camIf = `pv${id}c`.slice(0, 15);
  const dummyIf = `pd${id}`.slice(0, 14);
  const nvrAddr = '10.99.1.1';
  const camAddrs = Array.from({ length: cameras }, (_, i) => `10.99.1.${11 + i}`);
  const destroy = () => {
    for (const ns of [nvrNs, camNs]) {
      try {
        ip(['netns', 'del', ns]);
      } catch {
        /* not created */
      }
    }
  };
  try {
    ip(['netns', 'add', nvrNs]);
    ip(['netns', 'add', camNs]);
    ip(['link', 'add', nvrIf, 'netns', nvrNs, 'type', 'veth', 'peer', 'name', camIf, 'netns', camNs]);
    ip(['-n', nvrNs, 'addr', 'add', `${nvrAddr}/24`, 'dev', nvrIf]);
    for (const a of camAddrs) ip(['-n', camNs, 'addr', 'add', `${a}/24`, 'dev', camIf]);
    for (const [ns, dev] of [
      [nvrNs, nvrIf],
      [camNs, camIf],
      [nvrNs, 'lo'],
      [camNs, 'lo'],
    ] as const)
      ip(['-n', ns, 'link', 'set', dev, 'up']);
    ip(['-n', nvrNs, 'route', 'add', '224.0.0.0/4', 'dev', nvrIf]);
    // The cameras' side needs a route to send their (unicast) answers and to join the group.
    ip(['-n', camNs, 'route', 'add', '224.0.0.0/4', 'dev', camIf]);
    // A second link with no multicast route (a veth pair inside the nvr namespace:
    // the dummy driver is not available everywhere).
    ip(['-n', nvrNs, 'link', 'add', dummyIf, 'type', 'veth', 'peer', 'name', `${dummyIf}p`.slice(0, 15)]);
    ip(['-n', nvrNs, 'addr', 'add', '10.98.0.1/24', 'dev', dummyIf]);
    ip(['-n', nvrNs, 'link', 'set', dummyIf, 'up']);
    ip(['-n', nvrNs, 'link', 'set', `${dummyIf}p`.slice(0, 15), 'up']);
  } catch (err) {
    destroy();
    const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim() ?? (err as Error).message;
    throw new Error(
      `cannot build the test network with network namespaces (${stderr}). These tests need root (CAP_NET_ADMIN) and iproute2 (ip netns); they are not skipped.`,
    );
  }
  return { nvrNs, camNs, nvrIf, camIf, dummyIf, nvrAddr, camAddrs, run: runIn, destroy };
}

/**
 * One namespace whose loopback carries multicast (`lo` multicast on, 224.0.0.0/4
 * via lo): simulators, an RTSP server and Premises can all run inside it on
 * 127.0.0.1 (`discover --interface lo --allow-loopback`). Meant for the
 * end-to-end discover → add → record test.
 */
export interface LoopbackNamespace {
  ns: string;
  run: TestNetwork['run'];
  destroy(): void;
}

export function createLoopbackNamespace(tag: string): LoopbackNamespace {
  const ns = `pnv-${process.pid}${tag}-lo`;
  const destroy = () => {
    try {
      ip(['netns', 'del', ns]);
    } catch {
      /* not created */
    }
  };
  try {
    ip(['netns', 'add', ns]);
    ip(['-n', ns, 'link', 'set', 'lo', 'up']);
    ip(['-n', ns, 'link', 'set', 'lo', 'multicast', 'on']);
    ip(['-n', ns, 'route', 'add', '224.0.0.0/4', 'dev', 'lo']);
  } catch (err) {
    destroy();
    const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim() ?? (err as Error).message;
    throw new Error(`cannot create a network namespace (${stderr}). These tests need root (CAP_NET_ADMIN) and iproute2 (ip netns); they are not skipped.`);
  }
  return { ns, run: runIn, destroy };
}

/**
 * The egress proof's network (issue 6): Premises alone in one namespace with
 * IPv6 disabled and three links, each to a namespace of its own —
 *   camera  10.97.1.0/24  (RTSP server and ONVIF simulator; the multicast route)
 *   sftp    10.97.2.0/24  (the transfer policy's OpenSSH server)
 *   outside 10.97.3.0/24  (the default route: where anything leaving would go)
 * IPv6 is disabled in every namespace before its links exist, so no router
 * solicitation or neighbour discovery muddies the outside capture.
 */
export interface EgressLink {
  /** The interface on Premises' side and on the far side. */
  near: string;
  far: string;
  nearAddr: string;
  farAddr: string;
}

export interface EgressNetwork {
  premisesNs: string;
  cameraNs: string;
  sftpNs: string;
  outsideNs: string;
  camera: EgressLink;
  sftp: EgressLink;
  outside: EgressLink;
  destroy(): void;
}

export function createEgressNetwork(tag: string): EgressNetwork {
  const id = `${process.pid}${tag}`;
  const ns = (role: string) => `pnv-${id}-${role}`;
  const premisesNs = ns('prem');
  const cameraNs = ns('cam');
  const sftpNs = ns('sftp');
  const outsideNs = ns('out');
  const link = (n: number, short: string): EgressLink => ({
    near: `pe${id}${short}n`.slice(-15),
    far: `pe${id}${short}f`.slice(-15),
    nearAddr: `10.97.${n}.1`,
    farAddr: `10.97.${n}.2`,
  });
  const camera = link(1, 'c');
  const sftp = link(2, 's');
  const outside = link(3, 'o');
  const all = [premisesNs, cameraNs, sftpNs, outsideNs];
  const destroy = () => {
    for (const n of all) {
      try {
        ip(['netns', 'del', n]);
      } catch {
        /* not created */
      }
    }
  };
  try {
    for (const n of all) {
      ip(['netns', 'add', n]);
      execFileSync('ip', ['netns', 'exec', n, 'sysctl', '-q', '-w', 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1'], { stdio: ['ignore', 'ignore', 'pipe'] });
      ip(['-n', n, 'link', 'set', 'lo', 'up']);
    }
    for (const [l, far] of [
      [camera, cameraNs],
      [sftp, sftpNs],
      [outside, outsideNs],
    ] as const) {
      ip(['link', 'add', l.near, 'netns', premisesNs, 'type', 'veth', 'peer', 'name', l.far, 'netns', far]);
      ip(['-n', premisesNs, 'addr', 'add', `${l.nearAddr}/24`, 'dev', l.near]);
      ip(['-n', far, 'addr', 'add', `${l.farAddr}/24`, 'dev', l.far]);
      ip(['-n', premisesNs, 'link', 'set', l.near, 'up']);
      ip(['-n', far, 'link', 'set', l.far, 'up']);
    }
    ip(['-n', premisesNs, 'route', 'add', '224.0.0.0/4', 'dev', camera.near]);
    ip(['-n', cameraNs, 'route', 'add', '224.0.0.0/4', 'dev', camera.far]);
    ip(['-n', premisesNs, 'route', 'add', 'default', 'via', outside.farAddr, 'dev', outside.near]);
  } catch (err) {
    destroy();
    const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim() ?? (err as Error).message;
    throw new Error(`cannot build the egress test network (${stderr}). It needs root (CAP_NET_ADMIN) and iproute2; it is not skipped.`);
  }
  return { premisesNs, cameraNs, sftpNs, outsideNs, camera, sftp, outside, destroy };
}
