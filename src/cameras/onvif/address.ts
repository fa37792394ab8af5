import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { OnvifError } from './errors.js';

/**
 * A camera can never make Premises connect outside the local network: every
 * address a camera hands us (XAddrs, media service, stream and snapshot URIs,
 * HTTP redirects) must be private or link-local. Loopback is refused unless
 * the caller passes `allowLoopback` — only tests and the demo do, where the
 * simulator listens on 127.0.0.1.
 */
export interface AddressPolicy {
  allowLoopback?: boolean;
  /**
   * Exact addresses the owner named by hand (`camera add --xaddr` with
   * --trust-host): that one host is accepted wherever it appears, nothing more.
   */
  trustedHosts?: readonly string[];
}

function ipv4ToInt(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const v = Number(part);
    if (v > 255) return undefined;
    n = n * 256 + v;
  }
  return n;
}

function inV4(n: number, base: string, bits: number): boolean {
  const b = ipv4ToInt(base) as number;
  const size = 2 ** (32 - bits);
  return Math.floor(n / size) === Math.floor(b / size);
}

/** Expand an IPv6 literal to 8 16-bit groups (no zone id). */
function ipv6Groups(ip: string): number[] | undefined {
  let text = ip.toLowerCase();
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  // An embedded IPv4 tail (::ffff:10.0.0.1) becomes two hex groups.
  const lastColon = text.lastIndexOf(':');
  const maybeV4 = text.slice(lastColon + 1);
  if (maybeV4.includes('.')) {
    const v4 = ipv4ToInt(maybeV4);
    if (v4 === undefined) return undefined;
    text = `${text.slice(0, lastColon + 1)}${Math.floor(v4 / 65536).toString(16)}:${(v4 % 65536).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parse = (s: string) => (s === '' ? [] : s.split(':').map((g) => (/^[0-9a-f]{1,4}$/.test(g) ? parseInt(g, 16) : NaN)));
  const head = parse(halves[0] ?? '');
  const rest = halves.length === 2 ? parse(halves[1] ?? '') : [];
  let groups: number[];
  if (halves.length === 2) {
    const fill = 8 - head.length - rest.length;
    if (fill < 0) return undefined;
    groups = [...head, ...new Array<number>(fill).fill(0), ...rest];
  } else groups = head;
  if (groups.length !== 8 || groups.some((g) => !Number.isInteger(g))) return undefined;
  return groups;
}

export type AddressClass = 'private' | 'link-local' | 'loopback' | 'public' | 'invalid';

export function classifyAddress(ip: string): AddressClass {
  const family = isIP(ip.split('%')[0] ?? '');
  if (family === 4) {
    const n = ipv4ToInt(ip) as number;
    if (inV4(n, '10.0.0.0', 8) || inV4(n, '172.16.0.0', 12) || inV4(n, '192.168.0.0', 16)) return 'private';
    if (inV4(n, '169.254.0.0', 16)) return 'link-local';
    if (inV4(n, '127.0.0.0', 8)) return 'loopback';
    return 'public';
  }
  if (family === 6) {
    const g = ipv6Groups(ip);
    if (!g) return 'invalid';
    const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = g;
    // IPv4-mapped (::ffff:a.b.c.d): judge the IPv4 address.
    if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0xffff) {
      return classifyAddress(`${g6 >> 8}.${g6 & 255}.${g7 >> 8}.${g7 & 255}`);
    }
    if ((g0 & 0xfe00) === 0xfc00) return 'private';
    if ((g0 & 0xffc0) === 0xfe80) return 'link-local';
    if (g.slice(0, 7).every((x) => x === 0) && g7 === 1) return 'loopback';
    return 'public';
  }
  return 'invalid';
}

export function isAllowedAddress(ip: string, policy: AddressPolicy = {}): boolean {
  if (policy.trustedHosts?.includes(ip)) return true;
  const c = classifyAddress(ip);
  return c === 'private' || c === 'link-local' || (c === 'loopback' && policy.allowLoopback === true);
}

/** Strip the brackets URL puts around IPv6 literals. */
export function hostOf(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

export type Resolver = (host: string) => Promise<string[]>;

export const systemResolver: Resolver = async (host) => (await dnsLookup(host, { all: true, verbatim: true })).map((a) => a.address);

export interface CheckedUrl {
  url: URL;
  /** The address to connect to, pinned here so a second DNS answer cannot move us elsewhere. */
  address: string;
}

/**
 * Check a URL a camera gave us. `what` names it in the error ("stream URI").
 * A host name is accepted only if every address it resolves to is allowed.
 */
export async function checkCameraUrl(
  text: string,
  what: string,
  options: { schemes: readonly string[]; policy?: AddressPolicy; resolver?: Resolver },
): Promise<CheckedUrl> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new OnvifError('malformed', `the camera's ${what} is not a URL`);
  }
  if (!options.schemes.includes(url.protocol)) {
    throw new OnvifError('address-refused', `the camera's ${what} uses ${url.protocol}//, expected ${options.schemes.join(' or ')}//`);
  }
  const host = hostOf(url);
  let addresses: string[];
  if (isIP(host.split('%')[0] ?? '')) addresses = [host];
  else {
    try {
      addresses = await (options.resolver ?? systemResolver)(host);
    } catch {
      throw new OnvifError('network', `the camera's ${what} names host "${host}", which does not resolve`);
    }
    if (addresses.length === 0) throw new OnvifError('network', `the camera's ${what} names host "${host}", which does not resolve`);
  }
  const refused = addresses.filter((a) => !isAllowedAddress(a, options.policy));
  if (refused.length > 0) {
    throw new OnvifError(
      'address-refused',
      `the camera's ${what} points at ${refused.join(', ')}, outside the local network (only 10/8, 172.16/12, 192.168/16, 169.254/16, fc00::/7, fe80::/10 are accepted)`,
      { address: refused[0], what },
    );
  }
  return { url, address: addresses[0] as string };
}
