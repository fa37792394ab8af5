import { execFileSync } from 'node:child_process';

/**
 * The camera-containment test network: Premises alone in one namespace, as a
 * machine that would forward packets (ip_forward on, a default route to
 * "outside"), with three links, each to a namespace of its own —
 *   camera  10.93.1.0/24  the chatty camera; no address until DHCP gives it one
 *   control 10.93.2.0/24  an uncontained host routed through Premises (the positive control)
 *   outside 10.93.3.0/24  the default route; it also owns the "cloud" address 198.51.100.7
 * IPv6 is off everywhere before the links exist, so captures hold only what the test sends.
 */
export interface ContainmentNetwork {
  premisesNs: string;
  cameraNs: string;
  controlNs: string;
  outsideNs: string;
  cameraIf: string;
  cameraFarIf: string;
  outsideFarIf: string;
  premisesAddr: string;
  cameraMac: string;
  cloudAddr: string;
  controlAddr: string;
  destroy(): void;
}

const ip = (args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
const inNs = (ns: string, argv: string[]) => execFileSync('ip', ['netns', 'exec', ns, ...argv], { stdio: ['ignore', 'ignore', 'pipe'] });

export function createContainmentNetwork(tag: string): ContainmentNetwork {
  const id = `${process.pid}${tag}`;
  const name = (role: string) => `pnv-${id}-${role}`;
  const premisesNs = name('prem');
  const cameraNs = name('cam');
  const controlNs = name('ctl');
  const outsideNs = name('out');
  const iface = (short: string, side: string) => `pk${id}${short}${side}`.slice(-15);
  const all = [premisesNs, cameraNs, controlNs, outsideNs];
  const destroy = () => {
    for (const n of all) {
      try {
        ip(['netns', 'del', n]);
      } catch {
        /* not created */
      }
    }
  };
  const net: ContainmentNetwork = {
    premisesNs,
    cameraNs,
    controlNs,
    outsideNs,
    cameraIf: iface('c', 'n'),
    cameraFarIf: iface('c', 'f'),
    outsideFarIf: iface('o', 'f'),
    premisesAddr: '10.93.1.1',
    cameraMac: '02:00:00:93:00:11',
    cloudAddr: '198.51.100.7',
    controlAddr: '10.93.2.2',
    destroy,
  };
  try {
    for (const n of all) {
      ip(['netns', 'add', n]);
      inNs(n, ['sysctl', '-q', '-w', 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1']);
      ip(['-n', n, 'link', 'set', 'lo', 'up']);
    }
    const links = [
      [cameraNs, 'c', '10.93.1.1/24', null],
      [controlNs, 'k', '10.93.2.1/24', '10.93.2.2/24'],
      [outsideNs, 'o', '10.93.3.1/24', '10.93.3.2/24'],
    ] as const;
    for (const [far, short, nearAddr, farAddr] of links) {
      const near = iface(short, 'n');
      const farIf = iface(short, 'f');
      ip(['link', 'add', near, 'netns', premisesNs, 'type', 'veth', 'peer', 'name', farIf, 'netns', far]);
      ip(['-n', premisesNs, 'addr', 'add', nearAddr, 'dev', near]);
      if (farAddr) ip(['-n', far, 'addr', 'add', farAddr, 'dev', farIf]);
      if (far === cameraNs) ip(['-n', far, 'link', 'set', farIf, 'address', net.cameraMac]);
      ip(['-n', premisesNs, 'link', 'set', near, 'up']);
      ip(['-n', far, 'link', 'set', farIf, 'up']);
    }
    ip(['-n', outsideNs, 'addr', 'add', `${net.cloudAddr}/32`, 'dev', net.outsideFarIf]);
    ip(['-n', outsideNs, 'route', 'add', 'default', 'via', '10.93.3.1']);
    ip(['-n', controlNs, 'route', 'add', 'default', 'via', '10.93.2.1']);
    ip(['-n', premisesNs, 'route', 'add', 'default', 'via', '10.93.3.2']);
    ip(['-n', premisesNs, 'route', 'add', '224.0.0.0/4', 'dev', net.cameraIf]);
    // A machine that forwards: the containment must hold even then.
    inNs(premisesNs, ['sysctl', '-q', '-w', 'net.ipv4.ip_forward=1']);
  } catch (err) {
    destroy();
    const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim() ?? (err as Error).message;
    throw new Error(`cannot build the containment test network (${stderr}). It needs root (CAP_NET_ADMIN) and iproute2; it is not skipped.`);
  }
  return net;
}
