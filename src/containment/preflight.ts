import { accessSync, constants, existsSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { delimiter, join } from 'node:path';
import { PremisesError } from '../shared/errors.js';
import type { CameraNetworkConfig } from '../config/camera-network.js';
import { formatIpv4, formatSubnet, inSubnet, overlaps, parseIpv4, parseSubnet, type Subnet } from '../shared/ipv4.js';

/**
 * What must be true before Premises takes over the camera network; each
 * failure names the config key and the fix. Nothing here changes the
 * machine: interfaces and their addresses belong to the operating system.
 */
export interface Prepared {
  interface: string;
  address: string;
  subnet: Subnet;
  tools: { dnsmasq: string; chronyd: string; nft: string };
}

type Interfaces = ReturnType<typeof networkInterfaces>;

const PACKAGES = { dnsmasq: 'dnsmasq-base', chronyd: 'chrony', nft: 'nftables' } as const;

export function findTool(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const executable = (p: string) => {
    try {
      accessSync(p, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  if (name.includes('/')) return executable(name) ? name : undefined;
  const dirs = [...(env['PATH'] ?? '').split(delimiter).filter(Boolean), '/usr/sbin', '/sbin'];
  for (const dir of dirs) if (executable(join(dir, name))) return join(dir, name);
  return undefined;
}

export function preflight(net: CameraNetworkConfig, options: { interfaces?: Interfaces; interfaceExists?: (name: string) => boolean; env?: NodeJS.ProcessEnv } = {}): Prepared {
  const interfaces = options.interfaces ?? networkInterfaces();
  const exists = options.interfaceExists ?? ((name: string) => existsSync(`/sys/class/net/${name}`) || name in interfaces);
  const subnet = parseSubnet(net.subnet);
  if (!subnet) throw new PremisesError('InvalidArgument', `cameraNetwork.subnet: "${net.subnet}" is not a subnet like "10.20.0.0/24"`);
  if (!exists(net.interface)) {
    const names = Object.keys(interfaces).filter((n) => n !== 'lo');
    throw new PremisesError(
      'FailedPrecondition',
      `cameraNetwork.interface: this machine has no network interface "${net.interface}"${names.length ? ` (it has ${names.join(', ')})` : ''}. ` +
        'Set cameraNetwork.interface to the port the cameras or their PoE switch are plugged into (see `ip link`)',
    );
  }
  const own = (interfaces[net.interface] ?? []).filter((a) => a.family === 'IPv4');
  // Another interface's network overlapping the cameras' would make routing ambiguous: cameras could be reached, or reach, through it.
  for (const [name, addrs] of Object.entries(interfaces)) {
    if (name === net.interface || name === 'lo') continue;
    for (const a of addrs ?? []) {
      if (a.family !== 'IPv4' || a.internal) continue;
      const value = parseIpv4(a.address);
      if (value === undefined) continue;
      const prefix = prefixOf(a.cidr);
      const other: Subnet = { network: value - (value % 2 ** (32 - prefix)), prefix };
      if (overlaps(other, subnet)) {
        throw new PremisesError(
          'InvalidArgument',
          `cameraNetwork.subnet: ${net.subnet} overlaps ${formatSubnet(other)} on interface ${name} (${a.address}). ` +
            'Choose a camera subnet no other network of this machine uses, e.g. 10.20.0.0/24, and give the camera port an address in it',
        );
      }
    }
  }
  const inside = own.filter((a) => inSubnet(parseIpv4(a.address) ?? -1, subnet)).map((a) => a.address);
  let address: string;
  if (net.address !== undefined) {
    if (!inside.includes(net.address)) {
      throw new PremisesError(
        'FailedPrecondition',
        `cameraNetwork.address: interface ${net.interface} does not have ${net.address}${own.length ? ` (it has ${own.map((a) => a.cidr ?? a.address).join(', ')})` : ' (it has no IPv4 address)'}. ` +
          `Give it that address in the operating system's network settings (e.g. \`ip addr add ${net.address}/${subnet.prefix} dev ${net.interface}\`), or change cameraNetwork.address`,
      );
    }
    address = net.address;
  } else {
    if (inside.length === 0) {
      throw new PremisesError(
        'FailedPrecondition',
        `cameraNetwork.interface: ${net.interface} has no address in ${net.subnet}${own.length ? ` (it has ${own.map((a) => a.cidr ?? a.address).join(', ')})` : ''}. ` +
          `Give it one in the operating system's network settings, e.g. \`ip addr add ${formatIpv4(subnet.network + 1)}/${subnet.prefix} dev ${net.interface}\`, or fix cameraNetwork.subnet`,
      );
    }
    address = inside[0]!;
  }
  const tools = { dnsmasq: '', chronyd: '', nft: '' };
  for (const key of ['nft', 'dnsmasq', 'chronyd'] as const) {
    const found = findTool(net.tools[key], options.env);
    if (!found) {
      throw new PremisesError(
        'FailedPrecondition',
        `cameraNetwork.tools.${key}: cannot find "${net.tools[key]}". Install it (apt-get install ${PACKAGES[key]}) or set cameraNetwork.tools.${key} to its full path`,
      );
    }
    tools[key] = found;
  }
  return { interface: net.interface, address, subnet, tools };
}

function prefixOf(cidr: string | null): number {
  const p = cidr ? Number(cidr.split('/')[1]) : 32;
  return Number.isInteger(p) ? p : 32;
}
