import { formatIpv4, netmask, type Subnet } from '../shared/ipv4.js';
import type { LeaseConfig } from '../config/camera-network.js';

/**
 * Configuration files of the two helpers Premises runs on the camera
 * network. Pure text builders; the files live in the data directory.
 */
export interface ServicesInput {
  interface: string;
  address: string;
  subnet: Subnet;
  leases: readonly LeaseConfig[];
  leaseFile: string;
}

/** The name cameras can use for Premises itself. */
export const PREMISES_NAME = 'premises';

/**
 * dnsmasq: static leases only (an unknown device gets no address and is
 * reported), no router, DNS and NTP both Premises; DNS answers only the
 * local names (Premises and each camera) and, having no upstream server,
 * refuses every other name — each query is logged and attributed.
 */
export function buildDnsmasqConfig(input: ServicesInput): string {
  const lines = [
    '# Written by Premises at every start (docs/containment.md); edits are overwritten.',
    `dhcp-range=${formatIpv4(input.subnet.network)},static,${netmask(input.subnet.prefix)},12h`,
    'dhcp-authoritative',
    `dhcp-leasefile=${input.leaseFile}`,
    // Option 3 with no value: the cameras get no router, so nothing to send anything outside through.
    'dhcp-option=option:router',
    `dhcp-option=option:dns-server,${input.address}`,
    `dhcp-option=option:ntp-server,${input.address}`,
    'log-dhcp',
    `host-record=${PREMISES_NAME},${input.address}`,
    ...input.leases.map((l) => `dhcp-host=${l.mac},${l.ip},${l.camera}`),
    ...input.leases.map((l) => `host-record=${l.camera},${l.ip}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** The fixed part of dnsmasq's command line; the config file holds the rest. */
export function dnsmasqArgs(confFile: string, iface: string): string[] {
  return [
    '--keep-in-foreground',
    `--conf-file=${confFile}`,
    '--no-resolv',
    '--no-hosts',
    '--bind-interfaces',
    `--interface=${iface}`,
    '--except-interface=lo',
    '--log-queries',
    '--log-facility=-',
    '--pid-file=',
  ];
}

/**
 * chrony serves this machine's own clock to the cameras (`local stratum
 * 10`) and never steers it (`-x`): the host keeps its own time service, and
 * Premises adds no upstream server of its own, so no NTP leaves for the cameras.
 */
export function buildChronyConfig(input: { subnet: Subnet; address: string; pidFile: string }): string {
  return [
    '# Written by Premises at every start (docs/containment.md); edits are overwritten.',
    `allow ${formatIpv4(input.subnet.network)}/${input.subnet.prefix}`,
    'local stratum 10',
    `bindaddress ${input.address}`,
    'cmdport 0',
    `pidfile ${input.pidFile}`,
    '',
  ].join('\n');
}

export function chronydArgs(confFile: string): string[] {
  return ['-d', '-x', '-f', confFile];
}
