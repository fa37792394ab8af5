import { z } from 'zod';
import { parseDuration } from '../shared/duration.js';
import { isHostOf, parseIpv4, parseSubnet } from '../shared/ipv4.js';

/**
 * `cameraNetwork:` in the YAML (docs/containment.md). Absent: Premises does
 * not run the cameras' network and reports the install as not contained.
 * Every address is checked against the subnet here, so a typo is refused at
 * load time with the key that holds it.
 */
const MAC = /^[0-9a-f]{2}(?::[0-9a-f]{2}){5}$/;

const lease = z
  .object({
    camera: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'use the camera id (1-64 lower-case letters, digits, "-" or "_")'),
    mac: z
      .string()
      .transform((m) => m.toLowerCase().replace(/-/g, ':'))
      .refine((m) => MAC.test(m), { message: 'expected a MAC address like "00:11:22:aa:bb:cc" (printed on the camera\'s label)' }),
    ip: z.string().refine((t) => parseIpv4(t) !== undefined, { message: 'expected an IPv4 address like "10.20.0.11"' }),
  })
  .strict();

const pollInterval = z.string().transform((text, ctx) => {
  const ms = parseDuration(text);
  if (ms === undefined || ms < 500 || ms > 60_000) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `"${text}" is not a duration between "500ms" and "60s"; write it like "2s"` });
    return z.NEVER;
  }
  return ms;
});

export const cameraNetworkSchema = z
  .object({
    /** The network port the cameras (or their PoE switch) are plugged into, e.g. "eth1". */
    interface: z.string().regex(/^[A-Za-z0-9_.:@-]{1,15}$/, 'expected an interface name such as "eth1" or "enp2s0" (see `ip link`)'),
    /** The cameras' subnet, e.g. "10.20.0.0/24"; it must not overlap any other network of this machine. */
    subnet: z.string().refine((t) => parseSubnet(t) !== undefined, { message: 'expected a subnet like "10.20.0.0/24" (network address, no host bits)' }),
    /** Premises' own address on that interface; default: the address the interface already has in the subnet. */
    address: z.string().refine((t) => parseIpv4(t) !== undefined, { message: 'expected an IPv4 address like "10.20.0.1"' }).optional(),
    /** One fixed address per known camera, by the MAC address on its label. */
    leases: z.array(lease).default([]),
    /** How often the blocked-traffic counters are read. */
    pollInterval: pollInterval.default('5s'),
    /** Remove Premises' firewall table when it stops (default: keep it, so cameras stay contained while Premises is down). */
    removeRulesOnStop: z.boolean().default(false),
    /** Where the helper programs are; defaults find them on PATH or in /usr/sbin. */
    tools: z
      .object({ dnsmasq: z.string().min(1).default('dnsmasq'), chronyd: z.string().min(1).default('chronyd'), nft: z.string().min(1).default('nft') })
      .strict()
      .default({}),
  })
  .strict()
  .superRefine((net, ctx) => {
    const subnet = parseSubnet(net.subnet);
    if (!subnet) return;
    const address = net.address === undefined ? undefined : parseIpv4(net.address);
    if (address !== undefined && !isHostOf(address, subnet)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['address'], message: `${net.address} is not a host address inside ${net.subnet}` });
    }
    const macs = new Map<string, number>();
    const ips = new Map<string, number>();
    const cameras = new Map<string, number>();
    net.leases.forEach((l, i) => {
      const ip = parseIpv4(l.ip);
      if (ip !== undefined && !isHostOf(ip, subnet)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['leases', i, 'ip'], message: `${l.ip} is not a host address inside ${net.subnet}` });
      if (ip !== undefined && ip === address) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['leases', i, 'ip'], message: `${l.ip} is Premises' own address; give the camera another one` });
      for (const [seen, key, value] of [
        [macs, 'mac', l.mac],
        [ips, 'ip', l.ip],
        [cameras, 'camera', l.camera],
      ] as const) {
        const first = seen.get(value);
        if (first !== undefined) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['leases', i, key], message: `"${value}" is already used by leases[${first}]` });
        else seen.set(value, i);
      }
    });
  });

export type CameraNetworkConfig = z.infer<typeof cameraNetworkSchema>;
export type LeaseConfig = z.infer<typeof lease>;
