import { randomUUID } from 'node:crypto';
import dgram from 'node:dgram';
import { readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { checkCameraUrl, systemResolver, type AddressPolicy, type Resolver } from './address.js';
import { OnvifError } from './errors.js';
import { cameraText } from './soap.js';
import { child, childrenNamed, parseXml, textAt, type XmlElement } from './xml.js';

/**
 * WS-Discovery, our own code (node-onvif's probe cannot choose an interface,
 * reads one ProbeMatch per message, has no caps and crashes on a late socket
 * error: see docs/onvif.md).
 *
 * One UDP socket per interface, bound to that interface's address, multicast
 * TTL 1 and the multicast interface pinned. We only send Probes and read the
 * unicast ProbeMatches sent back to our ephemeral port: we never bind 3702,
 * so we never answer anybody's probe.
 */
export const WSD_ADDRESS = '239.255.255.250';
export const WSD_PORT = 3702;
export const DEFAULT_WINDOW_MS = 3_000;
const MAX_DATAGRAM_BYTES = 64 * 1024;
const MAX_MESSAGES_PER_SOURCE = 32;
const MAX_MESSAGES = 2_048;
const MAX_DEVICES = 1_024;
const MAX_QUEUE = 256;

export interface DiscoveredDevice {
  urn: string;
  /** The first accepted XAddr: the device service to onboard. */
  xaddr: string;
  xaddrs: string[];
  types: string[];
  scopes: string[];
  name: string | null;
  hardware: string | null;
  manufacturer: string | null;
  model: string | null;
  location: string | null;
  interface: string;
  from: string;
}

export interface DiscoveryProblem {
  interface?: string;
  /** Where it came from: an address or a device URN. */
  subject?: string;
  code: 'no-multicast-route' | 'address-refused' | 'flood' | 'malformed' | 'socket';
  message: string;
}

export interface DiscoveryResult {
  devices: DiscoveredDevice[];
  problems: DiscoveryProblem[];
  /** Interfaces a probe was sent on. Empty: nothing could be probed (a failure, not "0 cameras"). */
  interfaces: string[];
}

export interface ProbeMatch {
  urn: string;
  types: string[];
  scopes: string[];
  xaddrs: string[];
}

export interface InterfaceChoice {
  name: string;
  address: string;
}

export function probeMessage(messageId: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" ' +
    'xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" xmlns:dn="http://www.onvif.org/ver10/network/wsdl">' +
    '<s:Header><a:Action s:mustUnderstand="1">http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</a:Action>' +
    `<a:MessageID>urn:uuid:${messageId}</a:MessageID>` +
    '<a:ReplyTo><a:Address>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address></a:ReplyTo>' +
    '<a:To s:mustUnderstand="1">urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To></s:Header>' +
    '<s:Body><d:Probe><d:Types>dn:NetworkVideoTransmitter</d:Types></d:Probe></s:Body></s:Envelope>'
  );
}

const words = (text: string | undefined) => (text ?? '').split(/\s+/).filter(Boolean);

/** Every ProbeMatch in one message (a message may carry several). */
export function probeMatchesOf(root: XmlElement): ProbeMatch[] {
  if (root.name !== 'Envelope') return [];
  const matches = child(root, 'Body', 'ProbeMatches');
  const out: ProbeMatch[] = [];
  for (const m of childrenNamed(matches, 'ProbeMatch')) {
    const urn = textAt(m, 'EndpointReference', 'Address');
    if (!urn) continue;
    out.push({ urn: cameraText(urn, 200), types: words(textAt(m, 'Types')), scopes: words(textAt(m, 'Scopes')), xaddrs: words(textAt(m, 'XAddrs')) });
  }
  return out;
}

function scopeValue(scopes: readonly string[], ...keys: string[]): string | null {
  for (const key of keys) {
    const prefix = `onvif://www.onvif.org/${key}/`;
    const scope = scopes.find((s) => s.toLowerCase().startsWith(prefix.toLowerCase()));
    if (scope) {
      const raw = scope.slice(prefix.length);
      let value = raw;
      try {
        value = decodeURIComponent(raw);
      } catch {
        /* keep the raw text */
      }
      return cameraText(value.replace(/_/g, ' '), 100) || null;
    }
  }
  return null;
}

/** Description fields from the scopes (no credentials are needed for these). */
export function describeScopes(scopes: readonly string[]) {
  const hardware = scopeValue(scopes, 'hardware');
  return {
    name: scopeValue(scopes, 'name'),
    hardware,
    manufacturer: scopeValue(scopes, 'manufacturer', 'mfr', 'MfrName', 'brand'),
    model: scopeValue(scopes, 'model', 'ModelName') ?? hardware,
    location: scopeValue(scopes, 'location'),
  };
}

/** IPv4 routes from /proc/net/route text: does any route cover the WS-Discovery group on this interface? */
export function hasMulticastRoute(procNetRoute: string, iface: string): boolean {
  const group = 0xeffffffa; // 239.255.255.250
  const RTF_UP = 0x1;
  for (const line of procNetRoute.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 8 || f[0] !== iface) continue;
    const flags = parseInt(f[3] ?? '0', 16);
    if (!(flags & RTF_UP)) continue;
    // /proc/net/route prints addresses as little-endian hex.
    const le = (hex: string) => {
      const v = parseInt(hex, 16);
      return (((v & 0xff) << 24) | (((v >>> 8) & 0xff) << 16) | (((v >>> 16) & 0xff) << 8) | ((v >>> 24) & 0xff)) >>> 0;
    };
    const dest = le(f[1] ?? '0');
    const mask = le(f[7] ?? '0');
    if (((group & mask) >>> 0) === ((dest & mask) >>> 0)) return true;
  }
  return false;
}

function readRoutes(): string | undefined {
  try {
    return readFileSync('/proc/net/route', 'utf8');
  } catch {
    return undefined; // not Linux: let the send itself tell us
  }
}

/** Interfaces to probe: the named one, or every non-loopback IPv4 interface. */
export function chooseInterfaces(name: string | undefined, ifaces = networkInterfaces(), includeLoopback = false): InterfaceChoice[] {
  const out: InterfaceChoice[] = [];
  for (const [ifName, addrs] of Object.entries(ifaces)) {
    if (name !== undefined && ifName !== name) continue;
    const v4 = (addrs ?? []).find((a) => a.family === 'IPv4' && (name !== undefined || includeLoopback || !a.internal));
    if (v4) out.push({ name: ifName, address: v4.address });
  }
  if (name !== undefined && out.length === 0) {
    const known = Object.keys(ifaces).join(', ');
    throw new OnvifError('network', `interface "${name}" does not exist or has no IPv4 address (interfaces: ${known})`);
  }
  return out;
}

export interface DiscoverOptions {
  /** One interface by name; default: every non-loopback IPv4 interface (loopback too when the policy allows loopback cameras). */
  interface?: string;
  windowMs?: number;
  policy?: AddressPolicy;
  resolver?: Resolver;
  /** For tests: the interface table and route table to use. */
  interfaces?: ReturnType<typeof networkInterfaces>;
  routes?: string | null;
}

/** Probe, collect for the window, and return the devices with allowed XAddrs plus every problem seen. */
export async function discover(options: DiscoverOptions = {}): Promise<DiscoveryResult> {
  const windowMs = options.windowMs ?? DEFAULT_WINDOW_MS;
  const chosen = chooseInterfaces(options.interface, options.interfaces, options.policy?.allowLoopback === true);
  const routes = options.routes === null ? undefined : (options.routes ?? readRoutes());
  const problems: DiscoveryProblem[] = [];
  const devices = new Map<string, DiscoveredDevice>();
  const perSource = new Map<string, number>();
  const floodReported = new Set<string>();
  let messages = 0;
  const queue: { buf: Buffer; from: string; iface: string }[] = [];
  let draining: Promise<void> = Promise.resolve();
  let running = false;
  const messageId = randomUUID();

  let closed = false;
  // Discovery answers name IP literals in practice; a host name gets one short lookup.
  const resolver: Resolver = (host) => {
    let timer: NodeJS.Timeout | undefined;
    return Promise.race([
      (options.resolver ?? systemResolver)(host),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('lookup timed out')), 1_000))),
    ]).finally(() => clearTimeout(timer));
  };

  const handle = async (buf: Buffer, from: string, iface: string) => {
    let root: XmlElement;
    try {
      root = await parseXml(buf.toString('utf8'), { maxElements: 2_000, maxDepth: 32 });
    } catch (err) {
      problems.push({ interface: iface, subject: from, code: 'malformed', message: `an unreadable WS-Discovery answer from ${from}: ${(err as Error).message}` });
      return;
    }
    for (const match of probeMatchesOf(root)) {
      const accepted: string[] = [];
      for (const xaddr of match.xaddrs) {
        try {
          await checkCameraUrl(xaddr, 'XAddr', { schemes: ['http:', 'https:'], policy: options.policy, resolver });
          accepted.push(xaddr);
        } catch (err) {
          problems.push({ interface: iface, subject: match.urn, code: 'address-refused', message: `device ${match.urn} from ${from}: ${(err as Error).message}; ignored (add it by hand if it is yours)` });
        }
      }
      if (accepted.length === 0 || closed) continue;
      const known = devices.get(match.urn);
      if (known) {
        for (const x of accepted) if (!known.xaddrs.includes(x)) known.xaddrs.push(x);
        continue;
      }
      if (devices.size >= MAX_DEVICES) continue;
      // Onboarding speaks plain HTTP (see docs/onvif.md): offer an http:// XAddr first when there is one.
      const preferred = accepted.find((x) => x.startsWith('http:')) ?? accepted[0] ?? '';
      devices.set(match.urn, { urn: match.urn, xaddr: preferred, xaddrs: accepted, types: match.types, scopes: match.scopes, ...describeScopes(match.scopes), interface: iface, from });
    }
  };

  // One message at a time: a flood queues (bounded) instead of parsing in parallel.
  const drain = async () => {
    running = true;
    try {
      while (queue.length > 0) {
        const item = queue.shift() as { buf: Buffer; from: string; iface: string };
        await handle(item.buf, item.from, item.iface);
      }
    } finally {
      running = false;
    }
  };

  const sockets: dgram.Socket[] = [];
  const probing: InterfaceChoice[] = [];
  // Interfaces whose probe actually left: the result says "probed" only for these.
  const sent = new Set<string>();
  for (const iface of chosen) {
    if (routes !== undefined && !hasMulticastRoute(routes, iface.name)) {
      problems.push({ interface: iface.name, code: 'no-multicast-route', message: `no multicast route on interface ${iface.name}: add one (ip route add 224.0.0.0/4 dev ${iface.name}) or a default route` });
      continue;
    }
    probing.push(iface);
  }

  const onMessage = (iface: string) => (buf: Buffer, rinfo: dgram.RemoteInfo) => {
    const from = rinfo.address;
    const count = (perSource.get(from) ?? 0) + 1;
    perSource.set(from, count);
    messages += 1;
    if (count > MAX_MESSAGES_PER_SOURCE || messages > MAX_MESSAGES || buf.length > MAX_DATAGRAM_BYTES || queue.length >= MAX_QUEUE) {
      if (!floodReported.has(from)) {
        floodReported.add(from);
        problems.push({ interface: iface, subject: from, code: 'flood', message: `${from} sent more WS-Discovery answers than one device would; the rest are ignored` });
      }
      return;
    }
    queue.push({ buf, from, iface });
    if (!running) draining = drain();
  };

  await Promise.all(
    probing.map(
      (iface) =>
        new Promise<void>((resolve) => {
          const socket = dgram.createSocket({ type: 'udp4', reuseAddr: false });
          sockets.push(socket);
          // Always listening: a late socket error must never be unhandled (node-onvif's defect).
          socket.on('error', (err: NodeJS.ErrnoException) => {
            problems.push({ interface: iface.name, code: 'socket', message: `socket error on interface ${iface.name}: ${err.code ?? err.message}` });
            resolve();
          });
          socket.on('message', onMessage(iface.name));
          socket.bind({ address: iface.address, port: 0, exclusive: true }, () => {
            try {
              socket.setMulticastTTL(1);
              socket.setMulticastInterface(iface.address);
              socket.setMulticastLoopback(false);
            } catch (err) {
              problems.push({ interface: iface.name, code: 'socket', message: `cannot set up multicast on ${iface.name}: ${(err as Error).message}` });
              resolve();
              return;
            }
            const probe = Buffer.from(probeMessage(messageId), 'utf8');
            socket.send(probe, WSD_PORT, WSD_ADDRESS, (err) => {
              if (err) {
                const code = (err as NodeJS.ErrnoException).code;
                problems.push({
                  interface: iface.name,
                  code: code === 'ENETUNREACH' || code === 'EHOSTUNREACH' ? 'no-multicast-route' : 'socket',
                  message: code === 'ENETUNREACH' || code === 'EHOSTUNREACH' ? `no multicast route on interface ${iface.name} (${code})` : `cannot send the probe on ${iface.name}: ${code ?? err.message}`,
                });
              } else sent.add(iface.name);
              resolve();
            });
            // UDP may drop one: repeat the same probe once (same MessageID, so answers de-duplicate).
            setTimeout(() => {
              try {
                socket.send(probe, WSD_PORT, WSD_ADDRESS, () => undefined);
              } catch {
                /* closed after an error: the error is already reported */
              }
            }, Math.min(500, windowMs / 4)).unref();
          });
        }),
    ),
  );

  if (sent.size > 0) await new Promise((r) => setTimeout(r, windowMs));
  for (const s of sockets) {
    try {
      s.close();
    } catch {
      /* already closed after an error */
    }
  }
  queue.length = 0;
  closed = true;
  // A message being read may wait on a slow DNS answer: give it a moment, never more.
  let grace: NodeJS.Timeout | undefined;
  await Promise.race([draining, new Promise<void>((r) => (grace = setTimeout(r, 250)))]);
  clearTimeout(grace);
  return { devices: [...devices.values()], problems: [...problems], interfaces: probing.filter((i) => sent.has(i.name)).map((i) => i.name) };
}
