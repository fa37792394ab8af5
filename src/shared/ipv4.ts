/**
 * IPv4 arithmetic for the camera subnet. Pure functions so the config
 * checks and the preflight agree on what "inside the subnet" means.
 */
export interface Subnet {
  network: number;
  prefix: number;
}

export function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^(?:0|[1-9]\d{0,2})$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = value * 256 + n;
  }
  return value;
}

export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

const maskOf = (prefix: number): number => (prefix === 0 ? 0 : 2 ** 32 - 2 ** (32 - prefix));

/** "10.20.0.0/24" → the subnet; undefined when malformed or when host bits are set. */
export function parseSubnet(text: string): Subnet | undefined {
  const match = /^([\d.]+)\/(\d{1,2})$/.exec(text);
  if (!match) return undefined;
  const address = parseIpv4(match[1]!);
  const prefix = Number(match[2]);
  if (address === undefined || prefix > 32) return undefined;
  const network = address - (address % 2 ** (32 - prefix));
  if (network !== address) return undefined;
  return { network, prefix };
}

export function inSubnet(address: number, subnet: Subnet): boolean {
  return address >= subnet.network && address < subnet.network + 2 ** (32 - subnet.prefix);
}

/** A usable host address: inside, and neither the network nor the broadcast address. */
export function isHostOf(address: number, subnet: Subnet): boolean {
  const size = 2 ** (32 - subnet.prefix);
  return inSubnet(address, subnet) && (size <= 2 || (address !== subnet.network && address !== subnet.network + size - 1));
}

export function overlaps(a: Subnet, b: Subnet): boolean {
  return inSubnet(a.network, b) || inSubnet(b.network, a);
}

export function netmask(prefix: number): string {
  return formatIpv4(maskOf(prefix));
}

export function formatSubnet(subnet: Subnet): string {
  return `${formatIpv4(subnet.network)}/${subnet.prefix}`;
}
