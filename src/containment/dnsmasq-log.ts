/**
 * dnsmasq's log lines (--log-queries --log-dhcp, on stderr) turned into the
 * events Premises keeps: a DNS name asked by a camera, a lease handed out,
 * and a device with an unknown MAC asking for an address.
 */
export type DnsmasqEvent =
  | { kind: 'query'; name: string; type: string; from: string }
  | { kind: 'lease'; ip: string; mac: string; name: string | null }
  | { kind: 'unknown-device'; mac: string };

const QUERY = /^dnsmasq\[\d+\]: query\[([A-Z0-9]+)\] (\S+) from (\d{1,3}(?:\.\d{1,3}){3})$/;
const ACK = /^dnsmasq-dhcp\[\d+\]: (?:\d+ )?DHCPACK\(\S+\) (\d{1,3}(?:\.\d{1,3}){3}) ([0-9a-f:]{17})(?: (\S+))?$/;
const NO_ADDRESS = /^dnsmasq-dhcp\[\d+\]: (?:\d+ )?DHCPDISCOVER\(\S+\) ([0-9a-f:]{17}) no address available$/;

export function parseDnsmasqLine(line: string): DnsmasqEvent | undefined {
  const text = line.trim();
  let m = QUERY.exec(text);
  if (m) return { kind: 'query', type: m[1]!, name: m[2]!.toLowerCase(), from: m[3]! };
  m = ACK.exec(text);
  if (m) return { kind: 'lease', ip: m[1]!, mac: m[2]!, name: m[3] ?? null };
  m = NO_ADDRESS.exec(text);
  if (m) return { kind: 'unknown-device', mac: m[1]! };
  return undefined;
}

/** Names that are ours to answer; everything else a camera asks for is a try to reach outside. */
export function isLocalName(name: string, localNames: ReadonlySet<string>): boolean {
  return localNames.has(name) || name.endsWith('.in-addr.arpa');
}
