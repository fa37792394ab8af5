import { isIP } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';

/**
 * Which addresses Premises may listen on, and which Host headers it answers.
 * Plain HTTP only on loopback; HTTPS on private LAN addresses; a public
 * address only with `listen.allowPublic: true`.
 */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host) || /^::ffff:127\.\d+\.\d+\.\d+$/i.test(host);
}

export function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]';
}

function ipv4(host: string): number[] | undefined {
  const h = host.replace(/^::ffff:/i, '');
  if (isIP(h) !== 4) return undefined;
  return h.split('.').map(Number);
}

/** True for addresses reachable only on a local network: RFC 1918, link-local, CGNAT, IPv6 ULA and link-local. */
export function isPrivateAddress(host: string): boolean {
  const v4 = ipv4(host);
  if (v4) {
    const [a = 0, b = 0] = v4;
    return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127);
  }
  if (isIP(host) === 6) {
    const h = host.toLowerCase();
    return /^f[cd][0-9a-f]{2}:/.test(h) || /^fe[89ab][0-9a-f]:/.test(h);
  }
  return false;
}

export interface ListenCheck {
  ok: boolean;
  /** Set when !ok: what is wrong and what to write instead. */
  problem?: string;
}

/** Whether `host` may be listened on; wildcards count as public when any interface has a public address. */
export function checkListenHost(host: string, allowPublic: boolean, ifaces = networkInterfaces()): ListenCheck {
  if (isLoopback(host) || allowPublic) return { ok: true };
  const addresses = isWildcard(host)
    ? Object.values(ifaces)
        .flat()
        .filter((i) => i !== undefined)
        .map((i) => i.address)
    : [host];
  const publicOnes = addresses.filter((a) => isIP(a) === 0 || (!isLoopback(a) && !isPrivateAddress(a)));
  if (publicOnes.length === 0) return { ok: true };
  return {
    ok: false,
    problem:
      `listen.host ${host} ${isWildcard(host) ? `includes the public address ${publicOnes.join(', ')}` : 'is not a private LAN address'}: ` +
      'the dashboard must not face the internet. Listen on the LAN address of this box (e.g. 192.168.1.20) and reach it from elsewhere ' +
      'through a VPN onto the LAN; only if you understand the risk, set listen.allowPublic: true.',
  };
}

/** Addresses the certificate and the Host check cover. */
export function localNames(host: string, ifaces = networkInterfaces()): string[] {
  const names = new Set<string>(['localhost', '127.0.0.1', '::1']);
  const h = hostname();
  names.add(h.toLowerCase());
  names.add(`${h.toLowerCase()}.local`);
  if (isWildcard(host)) {
    for (const i of Object.values(ifaces).flat()) if (i) names.add(i.address.toLowerCase());
  } else names.add(host.toLowerCase());
  return [...names];
}

/**
 * The host part of a Host header ("192.168.1.20:8443", "[fe80::1]:8443").
 * Answering only known names defeats DNS rebinding, where a hostile page
 * renames its own origin to this box's address.
 */
export function hostOf(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^\[([^\]]+)\](?::\d+)?$/.exec(header) ?? /^([^:]+)(?::\d+)?$/.exec(header);
  return m?.[1]?.toLowerCase();
}

/** The address to print for people: the listen host, or for a wildcard the first private IPv4 of this box. */
export function baseUrl(host: string, port: number, secure: boolean, ifaces = networkInterfaces()): string {
  let shown = host;
  if (isWildcard(host)) {
    const all = Object.values(ifaces).flat().filter((i) => i !== undefined);
    shown = all.find((i) => i.family === 'IPv4' && isPrivateAddress(i.address))?.address ?? all.find((i) => i.family === 'IPv4' && !i.internal)?.address ?? '127.0.0.1';
  }
  return `${secure ? 'https' : 'http'}://${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
}
