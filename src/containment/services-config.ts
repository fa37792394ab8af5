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
    // No ping before handing out an address: dnsmasq pings only addresses it picks from a dynamic pool, and this
    // range is static leases only, so the check never runs; without it dnsmasq needs no CAP_NET_RAW (raw ICMP
    // socket), and neither does the systemd drop-in that grants the whole service its capabilities.
    'no-ping',
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

/**
 * The fixed part of dnsmasq's command line; the config file holds the rest.
 *
 * No `--user`: dnsmasq changes user (capset, setgroups, setuid to "nobody")
 * only when started as root. Under the systemd unit it starts as the premises
 * user with the drop-in's ambient capabilities and keeps both, so it calls
 * none of the calls `SystemCallFilter=~@privileged` denies; started as root
 * (a root install, the integration tests) it still drops to "nobody".
 * `--pid-file=` (empty): no pid file, which would be in /run, read-only under
 * ProtectSystem=strict; Premises keeps the pid itself (service.ts).
 */
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
 *
 * No command channel at all: `cmdport 0` closes the UDP one and
 * `bindcmdaddress /` the Unix socket, which chronyd would otherwise create in
 * /run/chrony — read-only under the unit's ProtectSystem=strict, and owned by
 * chrony's own user. Premises never runs chronyc. The pid file is in the data
 * directory for the same reason.
 */
export function buildChronyConfig(input: { subnet: Subnet; address: string; pidFile: string }): string {
  return [
    '# Written by Premises at every start (docs/containment.md); edits are overwritten.',
    `allow ${formatIpv4(input.subnet.network)}/${input.subnet.prefix}`,
    'local stratum 10',
    `bindaddress ${input.address}`,
    'cmdport 0',
    'bindcmdaddress /',
    `pidfile ${input.pidFile}`,
    '',
  ].join('\n');
}

/**
 * `-x`: never adjust the clock, so chronyd needs neither CAP_SYS_TIME nor
 * adjtimex (denied by the unit's ProtectClock=). `-U`: start even when not
 * root. Under the systemd unit chronyd runs as the premises user with the
 * drop-in's CAP_NET_BIND_SERVICE for port 123, and cannot switch to its own
 * user (setuid is denied by `SystemCallFilter=~@privileged`, and
 * NoNewPrivileges= would keep it from regaining anything); without `-U` it
 * refuses to start ("Not superuser"). Started as root it still drops to its
 * own user (_chrony) as usual; `-U` only skips the check.
 */
export function chronydArgs(confFile: string): string[] {
  return ['-d', '-x', '-U', '-f', confFile];
}
