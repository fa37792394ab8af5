import { OnvifError } from '../cameras/onvif/errors.js';
import { cameraText, soapCall, type SoapTarget } from '../cameras/onvif/soap.js';
import { childrenNamed, textAt, type XmlElement } from '../cameras/onvif/xml.js';

/**
 * The camera's own view of where it may send things, read over ONVIF with
 * our SOAP client: the settings that would let it reach outside are flagged,
 * and for four of them a fix is offered that the owner confirms. Each fix is
 * re-read afterwards: a camera that answers "OK" but keeps its setting is
 * reported as such. The firewall blocks the camera whatever these say; the
 * audit keeps a camera from depending on what is blocked.
 */
export interface NetworkSettings {
  gateway: string[] | null;
  dns: { fromDhcp: boolean; manual: string[] } | null;
  ntp: { fromDhcp: boolean; manual: string[] } | null;
  protocols: { name: string; enabled: boolean; port: string }[] | null;
  zeroConfig: boolean | null;
  dynamicDns: { type: string; name: string | null } | null;
  discoveryMode: string | null;
  remoteDiscoveryMode: string | null;
  dateTimeType: string | null;
  /** Operations the camera did not answer (unsupported or refused), with why. */
  unreadable: { operation: string; reason: string }[];
}

export type FixId = 'ntp' | 'gateway' | 'dynamic-dns' | 'remote-discovery';
export const FIX_IDS: readonly FixId[] = ['ntp', 'gateway', 'dynamic-dns', 'remote-discovery'];

export interface Finding {
  setting: string;
  value: string;
  risk: string;
  fix: FixId | null;
}

const ipv4sOf = (el: XmlElement | undefined, container: string): string[] =>
  childrenNamed(el, container)
    .map((c) => textAt(c, 'IPv4Address') ?? textAt(c, 'DNSname') ?? '')
    .filter(Boolean)
    .map((t) => cameraText(t, 100));

async function read<T>(target: SoapTarget, operation: string, unreadable: NetworkSettings['unreadable'], parse: (r: XmlElement) => T): Promise<T | null> {
  try {
    return parse(await soapCall(target, 'device', operation, `<tds:${operation}/>`));
  } catch (err) {
    if (err instanceof OnvifError && (err.code === 'fault' || err.code === 'auth' || err.code === 'http-status')) {
      unreadable.push({ operation, reason: err.message });
      return null;
    }
    throw err;
  }
}

export async function readNetworkSettings(target: SoapTarget): Promise<NetworkSettings> {
  const unreadable: NetworkSettings['unreadable'] = [];
  const gateway = await read(target, 'GetNetworkDefaultGateway', unreadable, (r) => childrenNamed(childrenNamed(r, 'NetworkGateway')[0], 'IPv4Address').map((a) => cameraText(a.text, 50)).filter(Boolean));
  const dns = await read(target, 'GetDNS', unreadable, (r) => {
    const info = childrenNamed(r, 'DNSInformation')[0];
    return { fromDhcp: textAt(info, 'FromDHCP') === 'true', manual: ipv4sOf(info, 'DNSManual') };
  });
  const ntp = await read(target, 'GetNTP', unreadable, (r) => {
    const info = childrenNamed(r, 'NTPInformation')[0];
    return { fromDhcp: textAt(info, 'FromDHCP') === 'true', manual: ipv4sOf(info, 'NTPManual') };
  });
  const protocols = await read(target, 'GetNetworkProtocols', unreadable, (r) =>
    childrenNamed(r, 'NetworkProtocols').map((p) => ({ name: cameraText(textAt(p, 'Name') ?? '', 20), enabled: textAt(p, 'Enabled') === 'true', port: cameraText(childrenNamed(p, 'Port').map((x) => x.text).join(','), 40) })),
  );
  const zeroConfig = await read(target, 'GetZeroConfiguration', unreadable, (r) => textAt(childrenNamed(r, 'ZeroConfiguration')[0], 'Enabled') === 'true');
  const dynamicDns = await read(target, 'GetDynamicDNS', unreadable, (r) => {
    const info = childrenNamed(r, 'DynamicDNSInformation')[0];
    const name = textAt(info, 'Name');
    return { type: cameraText(textAt(info, 'Type') ?? '', 20), name: name ? cameraText(name, 100) : null };
  });
  const discoveryMode = await read(target, 'GetDiscoveryMode', unreadable, (r) => cameraText(textAt(r, 'DiscoveryMode') ?? '', 20));
  const remoteDiscoveryMode = await read(target, 'GetRemoteDiscoveryMode', unreadable, (r) => cameraText(textAt(r, 'RemoteDiscoveryMode') ?? '', 20));
  const dateTimeType = await read(target, 'GetSystemDateAndTime', unreadable, (r) => cameraText(textAt(r, 'SystemDateAndTime', 'DateTimeType') ?? '', 20));
  return { gateway, dns, ntp, protocols, zeroConfig, dynamicDns, discoveryMode, remoteDiscoveryMode, dateTimeType, unreadable };
}

const notPremises = (list: string[], premises: string | null) => list.filter((a) => a !== premises);

/** Each setting that would let the camera reach beyond Premises (`premises`: Premises' address on the camera network, if contained). */
export function findingsOf(s: NetworkSettings, premises: string | null): Finding[] {
  const out: Finding[] = [];
  if (s.gateway && s.gateway.some((g) => g !== '0.0.0.0')) {
    out.push({ setting: 'default gateway', value: s.gateway.join(', '), risk: 'a router to send anything beyond the camera network through', fix: 'gateway' });
  }
  if (s.ntp && notPremises(s.ntp.manual, premises).length > 0) {
    out.push({ setting: 'time servers (NTP)', value: s.ntp.manual.join(', '), risk: 'the camera asks outside servers for the time', fix: premises ? 'ntp' : null });
  } else if (s.ntp && !s.ntp.fromDhcp && s.ntp.manual.length === 0 && s.dateTimeType === 'NTP') {
    out.push({ setting: 'time servers (NTP)', value: 'none set', risk: 'the camera keeps time by NTP with no server: it may fall back to a built-in public one', fix: premises ? 'ntp' : null });
  }
  if (s.dateTimeType === 'Manual' && premises) {
    out.push({ setting: 'clock', value: 'set by hand', risk: 'the clock drifts and the picture overlay stops matching the recordings (no traffic risk)', fix: 'ntp' });
  }
  if (s.dns && notPremises(s.dns.manual, premises).length > 0) {
    out.push({ setting: 'DNS servers', value: s.dns.manual.join(', '), risk: 'names are asked of outside servers (the firewall blocks them; Premises then cannot see what the camera looks up)', fix: null });
  }
  if (s.dynamicDns && s.dynamicDns.type !== '' && s.dynamicDns.type !== 'NoUpdate') {
    out.push({ setting: 'dynamic DNS', value: `${s.dynamicDns.type}${s.dynamicDns.name ? ` (${s.dynamicDns.name})` : ''}`, risk: 'the camera publishes its address to an outside name service', fix: 'dynamic-dns' });
  }
  if (s.remoteDiscoveryMode === 'Discoverable') {
    out.push({ setting: 'remote discovery', value: 'on', risk: 'the camera announces itself to a discovery proxy beyond the local network', fix: 'remote-discovery' });
  }
  if (s.zeroConfig) out.push({ setting: 'zero configuration (link-local address)', value: 'on', risk: 'a second, self-assigned address outside the leased one', fix: null });
  for (const p of s.protocols ?? []) {
    if (p.enabled && /^(HTTPS?|RTSP)$/i.test(p.name) === false) out.push({ setting: `protocol ${p.name}`, value: `on, port ${p.port}`, risk: 'a service Premises does not use', fix: null });
  }
  return out;
}

/** Apply one fix. Premises' address is the one NTP server the camera gets. */
export async function applyFix(target: SoapTarget, fix: FixId, premises: string | null): Promise<void> {
  switch (fix) {
    case 'ntp':
      if (!premises) throw new Error('the NTP fix needs the camera network (cameraNetwork) so the camera can use Premises as its time server');
      await soapCall(target, 'device', 'SetNTP', `<tds:SetNTP><tds:FromDHCP>false</tds:FromDHCP><tds:NTPManual><tt:Type>IPv4</tt:Type><tt:IPv4Address>${premises}</tt:IPv4Address></tds:NTPManual></tds:SetNTP>`);
      // And keep time by it: a camera whose clock is set by hand ignores its NTP servers.
      await soapCall(target, 'device', 'SetSystemDateAndTime', '<tds:SetSystemDateAndTime><tds:DateTimeType>NTP</tds:DateTimeType><tds:DaylightSavings>false</tds:DaylightSavings></tds:SetSystemDateAndTime>');
      return;
    case 'gateway':
      await soapCall(target, 'device', 'SetNetworkDefaultGateway', '<tds:SetNetworkDefaultGateway/>');
      return;
    case 'dynamic-dns':
      await soapCall(target, 'device', 'SetDynamicDNS', '<tds:SetDynamicDNS><tds:Type>NoUpdate</tds:Type></tds:SetDynamicDNS>');
      return;
    case 'remote-discovery':
      await soapCall(target, 'device', 'SetRemoteDiscoveryMode', '<tds:SetRemoteDiscoveryMode><tds:RemoteDiscoveryMode>NonDiscoverable</tds:RemoteDiscoveryMode></tds:SetRemoteDiscoveryMode>');
      return;
  }
}

/** Whether the setting a fix targets is fixed in a fresh reading. */
export function fixTook(fix: FixId, s: NetworkSettings, premises: string | null): boolean {
  switch (fix) {
    case 'ntp':
      return s.ntp !== null && s.ntp.manual.length > 0 && notPremises(s.ntp.manual, premises).length === 0 && (s.dateTimeType === null || s.dateTimeType === 'NTP');
    case 'gateway':
      return s.gateway !== null && s.gateway.every((g) => g === '0.0.0.0');
    case 'dynamic-dns':
      return s.dynamicDns !== null && s.dynamicDns.type === 'NoUpdate';
    case 'remote-discovery':
      return s.remoteDiscoveryMode === 'NonDiscoverable';
  }
}

export interface FixResult {
  fix: FixId;
  took: boolean;
  error: string | null;
}

export interface AuditTrail {
  append(entry: { action: string; details: unknown }): void;
}

/**
 * Apply the fixes the owner confirmed, one by one, each audited with what
 * the camera said before and after; then one fresh reading decides whether
 * each took.
 */
export async function applyFixes(target: SoapTarget, fixes: readonly FixId[], premises: string | null, trail: AuditTrail): Promise<{ results: FixResult[]; after: NetworkSettings }> {
  const errors = new Map<FixId, string>();
  for (const fix of fixes) {
    try {
      await applyFix(target, fix, premises);
    } catch (err) {
      errors.set(fix, err instanceof Error ? err.message : String(err));
    }
  }
  const after = await readNetworkSettings(target);
  const results = fixes.map((fix) => ({ fix, took: !errors.has(fix) && fixTook(fix, after, premises), error: errors.get(fix) ?? null }));
  for (const r of results) trail.append({ action: r.took ? 'network.onvif-fix' : 'network.onvif-fix-failed', details: { fix: r.fix, error: r.error, premises } });
  return { results, after };
}
