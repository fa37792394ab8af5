import { createHash, randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An ONVIF device simulator for tests: device and media services with real
 * SOAP, WS-UsernameToken PasswordDigest checking against a clock that can be
 * skewed, HTTP Digest on the snapshot URI, a WS-Discovery responder, and
 * hostile modes. It shares no code with src/ on purpose: it parses requests
 * with its own small extractors, so our client is checked against something
 * that was not written from the same parts.
 */
export type Hostile = 'xxe' | 'billion-laughs' | 'huge' | 'trickle' | 'proto' | 'truncated' | 'fault' | 'http500' | 'flood';

export interface SimProfile {
  token: string;
  name: string;
  encoding: 'H264' | 'H265' | 'JPEG';
  width: number;
  height: number;
}

export interface SimConfig {
  /** Address the HTTP server and discovery reply socket bind to. */
  bind: string;
  httpPort?: number;
  urn?: string;
  name?: string;
  hardware?: string;
  manufacturer?: string;
  model?: string;
  username?: string;
  password?: string;
  /** Camera clock minus real clock. */
  clockSkewMs?: number;
  /** How far a UsernameToken's Created may be from the camera's clock. */
  tokenWindowMs?: number;
  rtspUrl?: string;
  subRtspUrl?: string;
  /** Override the snapshot URI the camera hands out (e.g. a public address). */
  snapshotUrl?: string;
  /** The snapshot URI answers with a redirect to this URL. */
  snapshotRedirect?: string;
  /** Snapshot authentication scheme (default digest). 'basic' = a camera that only offers Basic. */
  snapshotAuth?: 'digest' | 'basic';
  /** Override the XAddr advertised by discovery (e.g. a public address). */
  advertisedXaddr?: string;
  profiles?: SimProfile[];
  /** Answer WS-Discovery probes (joins 239.255.255.250 on `bind`). */
  discovery?: boolean;
  hostile?: Hostile;
  /** Operations answered normally even in a hostile mode (to reach a later call). */
  hostileAfter?: string[];
  /**
   * Offer a Media2 service with privacy masks (kept in memory). The snapshot
   * then is a real JPEG of a test picture with a bright patch, the stored
   * masks filled black.
   */
  media2?: boolean;
  /** The bright patch of the picture: [x, y, w, h] in fractions, top-left origin. Default [0.05, 0.1, 0.3, 0.5]. */
  brightPatch?: [number, number, number, number];
  /** A lying camera: CreateMask succeeds, but the picture never shows the masks. */
  masksIgnored?: boolean;
  maxMasks?: number;
  maxPoints?: number;
  rectangleOnly?: boolean;
  /** The camera's own network settings (ONVIF device service Get/Set), for the network audit. */
  network?: Partial<SimNetwork>;
}

/** What a camera's network settings say about where it may send things. */
export interface SimNetwork {
  gateway: string[];
  dnsFromDhcp: boolean;
  dnsManual: string[];
  ntpFromDhcp: boolean;
  ntpManual: string[];
  dateTimeType: 'NTP' | 'Manual';
  protocols: { name: string; enabled: boolean; port: number }[];
  zeroConfig: boolean;
  dynamicDns: 'NoUpdate' | 'ClientUpdates' | 'ServerUpdates';
  dynamicDnsName: string;
  discoveryMode: 'Discoverable' | 'NonDiscoverable';
  remoteDiscoveryMode: 'Discoverable' | 'NonDiscoverable' | 'Unsupported';
}

const DEFAULT_NETWORK: SimNetwork = {
  gateway: [],
  dnsFromDhcp: true,
  dnsManual: [],
  ntpFromDhcp: true,
  ntpManual: [],
  dateTimeType: 'Manual',
  protocols: [
    { name: 'HTTP', enabled: true, port: 80 },
    { name: 'RTSP', enabled: true, port: 554 },
  ],
  zeroConfig: false,
  dynamicDns: 'NoUpdate',
  dynamicDnsName: '',
  discoveryMode: 'Discoverable',
  remoteDiscoveryMode: 'NonDiscoverable',
};

export interface RunningSim {
  port: number;
  xaddr: string;
  stats: { soapRequests: number; probes: number; basicSeen: number; digestOk: number; masks: number; masksCreated: number };
  close(): Promise<void>;
}

const DEFAULT_PROFILES: SimProfile[] = [
  { token: 'main', name: 'MainStream', encoding: 'H264', width: 1920, height: 1080 },
  { token: 'sub', name: 'SubStream', encoding: 'H264', width: 640, height: 360 },
];

const ENV_NS =
  'xmlns:env="http://www.w3.org/2003/05/soap-envelope" xmlns:tds="http://www.onvif.org/ver10/device/wsdl" ' +
  'xmlns:trt="http://www.onvif.org/ver10/media/wsdl" xmlns:tr2="http://www.onvif.org/ver20/media/wsdl" xmlns:tt="http://www.onvif.org/ver10/schema" xmlns:ter="http://www.onvif.org/ver10/error"';

const envelope = (body: string) => `<?xml version="1.0" encoding="UTF-8"?><env:Envelope ${ENV_NS}><env:Body>${body}</env:Body></env:Envelope>`;

const fault = (code: string, sub: string, reason: string) =>
  envelope(
    `<env:Fault><env:Code><env:Value>env:${code}</env:Value><env:Subcode><env:Value>ter:${sub}</env:Value></env:Subcode></env:Code>` +
      `<env:Reason><env:Text xml:lang="en">${reason}</env:Text></env:Reason></env:Fault>`,
  );

const pick = (text: string, tag: string): string | undefined => {
  const m = new RegExp(`<(?:[\\w-]+:)?${tag}\\b[^>]*>([^<]*)</(?:[\\w-]+:)?${tag}>`).exec(text);
  return m?.[1]?.trim();
};

/** The first element inside the SOAP Body: the operation. */
const operationOf = (text: string): string | undefined => /<(?:[\w-]+:)?Body[^>]*>\s*<(?:[\w-]+:)?(\w+)/.exec(text)?.[1];

const PRE_AUTH = new Set(['GetSystemDateAndTime']);

export async function startSim(config: SimConfig): Promise<RunningSim> {
  const skew = config.clockSkewMs ?? 0;
  const window = config.tokenWindowMs ?? 5_000;
  const profiles = config.profiles ?? DEFAULT_PROFILES;
  const stats = { soapRequests: 0, probes: 0, basicSeen: 0, digestOk: 0, masks: 0, masksCreated: 0 };
  const realm = 'premises-sim';
  const usedNonces = new Set<string>();
  let base = '';
  const hostAddr = config.bind.includes(':') ? `[${config.bind}]` : config.bind;

  const authorized = (body: string): boolean => {
    if (!config.username) return true;
    const user = pick(body, 'Username');
    const digest = pick(body, 'Password');
    const nonce = pick(body, 'Nonce');
    const created = pick(body, 'Created');
    if (!user || !digest || !nonce || !created) return false;
    const unescaped = user.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
    if (unescaped !== config.username) return false;
    const createdMs = Date.parse(created);
    const cameraNow = Date.now() + skew;
    if (!Number.isFinite(createdMs) || Math.abs(createdMs - cameraNow) > window) return false;
    if (usedNonces.has(nonce)) return false;
    const expected = createHash('sha1')
      .update(Buffer.concat([Buffer.from(nonce, 'base64'), Buffer.from(created), Buffer.from(config.password ?? '')]))
      .digest('base64');
    if (expected !== digest) return false;
    usedNonces.add(nonce);
    return true;
  };

  const profileXml = (p: SimProfile) =>
    `<trt:Profiles token="${p.token}" fixed="true"><tt:Name>${p.name}</tt:Name>` +
    `<tt:VideoSourceConfiguration token="vsc"><tt:Name>vsc</tt:Name><tt:UseCount>2</tt:UseCount><tt:SourceToken>vs0</tt:SourceToken><tt:Bounds x="0" y="0" width="1920" height="1080"/></tt:VideoSourceConfiguration>` +
    `<tt:VideoEncoderConfiguration token="vec-${p.token}"><tt:Name>vec-${p.token}</tt:Name><tt:UseCount>1</tt:UseCount><tt:Encoding>${p.encoding}</tt:Encoding>` +
    `<tt:Resolution><tt:Width>${p.width}</tt:Width><tt:Height>${p.height}</tt:Height></tt:Resolution><tt:Quality>5</tt:Quality>` +
    `<tt:RateControl><tt:FrameRateLimit>15</tt:FrameRateLimit><tt:EncodingInterval>1</tt:EncodingInterval><tt:BitrateLimit>4096</tt:BitrateLimit></tt:RateControl>` +
    `<tt:SessionTimeout>PT60S</tt:SessionTimeout></tt:VideoEncoderConfiguration></trt:Profiles>`;

  const network: SimNetwork = { ...DEFAULT_NETWORK, ...config.network };
  const ipv4s = (body: string, tag: string) => [...body.matchAll(new RegExp(`<(?:[\\w-]+:)?${tag}\\b[^>]*>\\s*([^<]*?)\\s*</`, 'g'))].map((m) => m[1]!).filter(Boolean);
  const manual = (tag: string, list: string[]) => list.map((a) => `<tt:${tag}><tt:Type>IPv4</tt:Type><tt:IPv4Address>${a}</tt:IPv4Address></tt:${tag}>`).join('');

  /** Network settings (device service): the camera's view of where it may send things. */
  const answerNetwork = (op: string, body: string): string | undefined => {
    switch (op) {
      case 'GetNetworkDefaultGateway':
        return envelope(`<tds:GetNetworkDefaultGatewayResponse><tds:NetworkGateway>${network.gateway.map((g) => `<tt:IPv4Address>${g}</tt:IPv4Address>`).join('')}</tds:NetworkGateway></tds:GetNetworkDefaultGatewayResponse>`);
      case 'SetNetworkDefaultGateway':
        network.gateway = ipv4s(body, 'IPv4Address');
        return envelope('<tds:SetNetworkDefaultGatewayResponse/>');
      case 'GetDNS':
        return envelope(`<tds:GetDNSResponse><tds:DNSInformation><tt:FromDHCP>${network.dnsFromDhcp}</tt:FromDHCP>${manual('DNSManual', network.dnsManual)}</tds:DNSInformation></tds:GetDNSResponse>`);
      case 'GetNTP':
        return envelope(`<tds:GetNTPResponse><tds:NTPInformation><tt:FromDHCP>${network.ntpFromDhcp}</tt:FromDHCP>${manual('NTPManual', network.ntpManual)}</tds:NTPInformation></tds:GetNTPResponse>`);
      case 'SetNTP':
        network.ntpFromDhcp = pick(body, 'FromDHCP') === 'true';
        network.ntpManual = ipv4s(body, 'IPv4Address');
        return envelope('<tds:SetNTPResponse/>');
      case 'SetSystemDateAndTime':
        network.dateTimeType = pick(body, 'DateTimeType') === 'NTP' ? 'NTP' : 'Manual';
        return envelope('<tds:SetSystemDateAndTimeResponse/>');
      case 'GetNetworkProtocols':
        return envelope(
          `<tds:GetNetworkProtocolsResponse>${network.protocols.map((p) => `<tds:NetworkProtocols><tt:Name>${p.name}</tt:Name><tt:Enabled>${p.enabled}</tt:Enabled><tt:Port>${p.port}</tt:Port></tds:NetworkProtocols>`).join('')}</tds:GetNetworkProtocolsResponse>`,
        );
      case 'GetZeroConfiguration':
        return envelope(`<tds:GetZeroConfigurationResponse><tds:ZeroConfiguration><tt:InterfaceToken>eth0</tt:InterfaceToken><tt:Enabled>${network.zeroConfig}</tt:Enabled></tds:ZeroConfiguration></tds:GetZeroConfigurationResponse>`);
      case 'GetDynamicDNS':
        return envelope(`<tds:GetDynamicDNSResponse><tds:DynamicDNSInformation><tt:Type>${network.dynamicDns}</tt:Type>${network.dynamicDnsName ? `<tt:Name>${network.dynamicDnsName}</tt:Name>` : ''}</tds:DynamicDNSInformation></tds:GetDynamicDNSResponse>`);
      case 'SetDynamicDNS':
        network.dynamicDns = (pick(body, 'Type') as SimNetwork['dynamicDns'] | undefined) ?? network.dynamicDns;
        return envelope('<tds:SetDynamicDNSResponse/>');
      case 'GetDiscoveryMode':
        return envelope(`<tds:GetDiscoveryModeResponse><tds:DiscoveryMode>${network.discoveryMode}</tds:DiscoveryMode></tds:GetDiscoveryModeResponse>`);
      case 'GetRemoteDiscoveryMode':
        if (network.remoteDiscoveryMode === 'Unsupported') return fault('Receiver', 'ActionNotSupported', 'Remote discovery is not supported');
        return envelope(`<tds:GetRemoteDiscoveryModeResponse><tds:RemoteDiscoveryMode>${network.remoteDiscoveryMode}</tds:RemoteDiscoveryMode></tds:GetRemoteDiscoveryModeResponse>`);
      case 'SetRemoteDiscoveryMode':
        if (network.remoteDiscoveryMode === 'Unsupported') return fault('Receiver', 'ActionNotSupported', 'Remote discovery is not supported');
        network.remoteDiscoveryMode = (pick(body, 'RemoteDiscoveryMode') as SimNetwork['remoteDiscoveryMode'] | undefined) ?? network.remoteDiscoveryMode;
        return envelope('<tds:SetRemoteDiscoveryModeResponse/>');
      default:
        return undefined;
    }
  };

  const answer = (op: string, body: string): string | undefined => {
    const d = new Date(Date.now() + skew);
    const networkAnswer = answerNetwork(op, body);
    if (networkAnswer !== undefined) return networkAnswer;
    switch (op) {
      case 'GetSystemDateAndTime':
        return envelope(
          `<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime><tt:DateTimeType>${network.dateTimeType}</tt:DateTimeType><tt:DaylightSavings>false</tt:DaylightSavings>` +
            '<tt:TimeZone><tt:TZ>UTC0</tt:TZ></tt:TimeZone><tt:UTCDateTime>' +
            `<tt:Time><tt:Hour>${d.getUTCHours()}</tt:Hour><tt:Minute>${d.getUTCMinutes()}</tt:Minute><tt:Second>${d.getUTCSeconds()}</tt:Second></tt:Time>` +
            `<tt:Date><tt:Year>${d.getUTCFullYear()}</tt:Year><tt:Month>${d.getUTCMonth() + 1}</tt:Month><tt:Day>${d.getUTCDate()}</tt:Day></tt:Date>` +
            '</tt:UTCDateTime></tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>',
        );
      case 'GetDeviceInformation':
        return envelope(
          `<tds:GetDeviceInformationResponse><tds:Manufacturer>${config.manufacturer ?? 'Premises'}</tds:Manufacturer><tds:Model>${config.model ?? 'SimCam'}</tds:Model>` +
            `<tds:FirmwareVersion>1.0.0</tds:FirmwareVersion><tds:SerialNumber>SIM-${config.bind}</tds:SerialNumber><tds:HardwareId>${config.hardware ?? 'SIM1'}</tds:HardwareId></tds:GetDeviceInformationResponse>`,
        );
      case 'GetCapabilities':
        return envelope(
          `<tds:GetCapabilitiesResponse><tds:Capabilities><tt:Device><tt:XAddr>${base}/onvif/device_service</tt:XAddr></tt:Device>` +
            `<tt:Media><tt:XAddr>${base}/onvif/media_service</tt:XAddr><tt:StreamingCapabilities><tt:RTPMulticast>false</tt:RTPMulticast><tt:RTP_TCP>true</tt:RTP_TCP><tt:RTP_RTSP_TCP>true</tt:RTP_RTSP_TCP></tt:StreamingCapabilities></tt:Media>` +
            '</tds:Capabilities></tds:GetCapabilitiesResponse>',
        );
      case 'GetServices':
        return envelope(
          '<tds:GetServicesResponse>' +
            `<tds:Service><tds:Namespace>http://www.onvif.org/ver10/device/wsdl</tds:Namespace><tds:XAddr>${base}/onvif/device_service</tds:XAddr><tds:Version><tt:Major>2</tt:Major><tt:Minor>60</tt:Minor></tds:Version></tds:Service>` +
            `<tds:Service><tds:Namespace>http://www.onvif.org/ver10/media/wsdl</tds:Namespace><tds:XAddr>${base}/onvif/media_service</tds:XAddr><tds:Version><tt:Major>2</tt:Major><tt:Minor>60</tt:Minor></tds:Version></tds:Service>` +
            (config.media2
              ? `<tds:Service><tds:Namespace>http://www.onvif.org/ver20/media/wsdl</tds:Namespace><tds:XAddr>${base}/onvif/media2_service</tds:XAddr><tds:Version><tt:Major>2</tt:Major><tt:Minor>60</tt:Minor></tds:Version></tds:Service>`
              : '') +
            '</tds:GetServicesResponse>',
        );
      case 'GetProfiles':
        return envelope(`<trt:GetProfilesResponse>${profiles.map(profileXml).join('')}</trt:GetProfilesResponse>`);
      case 'GetProfile': {
        const p = profiles.find((x) => x.token === pick(body, 'ProfileToken'));
        return p ? envelope(`<trt:GetProfileResponse>${profileXml(p).replace(/trt:Profiles/g, 'trt:Profile')}</trt:GetProfileResponse>`) : undefined;
      }
      case 'GetVideoSources':
        return envelope(
          '<trt:GetVideoSourcesResponse><trt:VideoSources token="vs0"><tt:Framerate>15</tt:Framerate><tt:Resolution><tt:Width>1920</tt:Width><tt:Height>1080</tt:Height></tt:Resolution></trt:VideoSources></trt:GetVideoSourcesResponse>',
        );
      case 'GetStreamUri': {
        const token = pick(body, 'ProfileToken');
        const p = profiles.find((x) => x.token === token);
        if (!p) return undefined;
        const main = config.rtspUrl ?? `rtsp://${hostAddr}:8554/main`;
        const uri = p === profiles[0] ? main : (config.subRtspUrl ?? `rtsp://${hostAddr}:8554/${p.token}`);
        return envelope(
          `<trt:GetStreamUriResponse><trt:MediaUri><tt:Uri>${uri.replace(/&/g, '&amp;')}</tt:Uri><tt:InvalidAfterConnect>false</tt:InvalidAfterConnect><tt:InvalidAfterReboot>false</tt:InvalidAfterReboot><tt:Timeout>PT0S</tt:Timeout></trt:MediaUri></trt:GetStreamUriResponse>`,
        );
      }
      case 'GetSnapshotUri':
        return envelope(
          `<trt:GetSnapshotUriResponse><trt:MediaUri><tt:Uri>${config.snapshotUrl ?? `${base}/onvif/snapshot.jpg`}</tt:Uri><tt:InvalidAfterConnect>false</tt:InvalidAfterConnect><tt:InvalidAfterReboot>false</tt:InvalidAfterReboot><tt:Timeout>PT0S</tt:Timeout></trt:MediaUri></trt:GetSnapshotUriResponse>`,
        );
      default:
        return undefined;
    }
  };

  // Media2 privacy masks: stored as given (ONVIF coordinates, -1..1, y up).
  interface SimMask {
    token: string;
    points: { x: number; y: number }[];
    type: string;
  }
  const masks: SimMask[] = [];
  let maskSeq = 0;
  const maxMasks = config.maxMasks ?? 4;
  const maxPoints = config.maxPoints ?? 8;
  const maskXml = (m: SimMask) =>
    `<tr2:Masks token="${m.token}"><tr2:ConfigurationToken>vsc</tr2:ConfigurationToken><tr2:Polygon>` +
    m.points.map((p) => `<tt:Point x="${p.x}" y="${p.y}"/>`).join('') +
    `</tr2:Polygon><tr2:Type>${m.type}</tr2:Type><tr2:Enabled>true</tr2:Enabled></tr2:Masks>`;
  const noConfig = { fault: fault('Sender', 'NoConfig', 'No such configuration') };

  const answerMedia2 = (op: string, body: string): { ok: string } | { fault: string } | undefined => {
    switch (op) {
      case 'GetProfiles': {
        const wanted = pick(body, 'Token');
        const list = profiles.filter((p) => wanted === undefined || p.token === wanted);
        if (list.length === 0) return { fault: fault('Sender', 'NoProfile', 'No such profile') };
        return {
          ok: envelope(
            '<tr2:GetProfilesResponse>' +
              list
                .map(
                  (p) =>
                    `<tr2:Profiles token="${p.token}" fixed="true"><tr2:Name>${p.name}</tr2:Name><tr2:Configurations>` +
                    '<tr2:VideoSource token="vsc"><tt:Name>vsc</tt:Name><tt:UseCount>2</tt:UseCount><tt:SourceToken>vs0</tt:SourceToken><tt:Bounds x="0" y="0" width="1920" height="1080"/></tr2:VideoSource>' +
                    '</tr2:Configurations></tr2:Profiles>',
                )
                .join('') +
              '</tr2:GetProfilesResponse>',
          ),
        };
      }
      case 'GetMaskOptions':
        if (pick(body, 'ConfigurationToken') !== 'vsc') return noConfig;
        return {
          ok: envelope(
            `<tr2:GetMaskOptionsResponse><tr2:Options RectangleOnly="${config.rectangleOnly === true}" SingleColorOnly="false"><tr2:MaxMasks>${maxMasks}</tr2:MaxMasks><tr2:MaxPoints>${maxPoints}</tr2:MaxPoints>` +
              '<tr2:Types>Color</tr2:Types><tr2:Types>Pixelated</tr2:Types><tr2:Color><tt:ColorList X="0" Y="0" Z="0"/></tr2:Color></tr2:Options></tr2:GetMaskOptionsResponse>',
          ),
        };
      case 'GetMasks':
        if (pick(body, 'ConfigurationToken') !== undefined && pick(body, 'ConfigurationToken') !== 'vsc') return noConfig;
        return { ok: envelope(`<tr2:GetMasksResponse>${masks.map(maskXml).join('')}</tr2:GetMasksResponse>`) };
      case 'CreateMask': {
        if (pick(body, 'ConfigurationToken') !== 'vsc') return noConfig;
        if (masks.length >= maxMasks) return { fault: fault('Receiver', 'MaxMasks', 'Too many masks') };
        const points = [...body.matchAll(/<(?:[\w-]+:)?Point\s+x="([^"]+)"\s+y="([^"]+)"/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]) }));
        if (points.length < 3 || points.length > maxPoints || points.some((p) => !(Math.abs(p.x) <= 1 && Math.abs(p.y) <= 1))) {
          return { fault: fault('Receiver', 'InvalidPolygon', 'The polygon is not supported') };
        }
        maskSeq += 1;
        masks.push({ token: `mask-${maskSeq}`, points, type: pick(body, 'Type') ?? 'Color' });
        stats.masks = masks.length;
        stats.masksCreated += 1;
        return { ok: envelope(`<tr2:CreateMaskResponse><tr2:Token>mask-${maskSeq}</tr2:Token></tr2:CreateMaskResponse>`) };
      }
      case 'DeleteMask': {
        const i = masks.findIndex((m) => m.token === pick(body, 'Token'));
        if (i < 0) return noConfig;
        masks.splice(i, 1);
        stats.masks = masks.length;
        return { ok: envelope('<tr2:DeleteMaskResponse/>') };
      }
      case 'GetSnapshotUri':
        return { ok: envelope(`<tr2:GetSnapshotUriResponse><tr2:Uri>${config.snapshotUrl ?? `${base}/onvif/snapshot.jpg`}</tr2:Uri></tr2:GetSnapshotUriResponse>`) };
      default:
        return undefined;
    }
  };

  // The simulated picture: one frame of ffmpeg's test pattern in gray, a bright patch, the masks in black.
  const W = 640;
  const H = 360;
  let basePicture: Buffer | undefined;
  const picture = (): Buffer => {
    if (!basePicture) {
      const r = spawnSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', `testsrc2=size=${W}x${H}:rate=1`, '-frames:v', '1', '-vf', 'format=gray', '-f', 'rawvideo', 'pipe:1'], { maxBuffer: 4 << 20 });
      if (r.status !== 0 || r.stdout.length !== W * H) throw new Error(`sim: ffmpeg could not render the test pattern: ${r.stderr.toString()}`);
      basePicture = r.stdout;
    }
    const px = Buffer.from(basePicture);
    const [bx, by, bw, bh] = config.brightPatch ?? [0.05, 0.1, 0.3, 0.5];
    for (let y = Math.floor(by * H); y < Math.ceil((by + bh) * H); y += 1) px.fill(250, y * W + Math.floor(bx * W), y * W + Math.ceil((bx + bw) * W));
    if (!config.masksIgnored) {
      for (const m of masks) {
        // Our own even-odd test, in the ONVIF space: pixel centre -> (-1..1, y up).
        for (let y = 0; y < H; y += 1) {
          const oy = 1 - (2 * (y + 0.5)) / H;
          for (let x = 0; x < W; x += 1) {
            const ox = (2 * (x + 0.5)) / W - 1;
            let inside = false;
            for (let i = 0, j = m.points.length - 1; i < m.points.length; j = i++) {
              const a = m.points[i] as { x: number; y: number };
              const b = m.points[j] as { x: number; y: number };
              if (a.y > oy !== b.y > oy && ox < ((b.x - a.x) * (oy - a.y)) / (b.y - a.y) + a.x) inside = !inside;
            }
            if (inside) px[y * W + x] = 0;
          }
        }
      }
    }
    const jpeg = spawnSync('ffmpeg', ['-v', 'error', '-f', 'rawvideo', '-pix_fmt', 'gray', '-s', `${W}x${H}`, '-i', 'pipe:0', '-frames:v', '1', '-q:v', '3', '-f', 'mjpeg', 'pipe:1'], { input: px, maxBuffer: 4 << 20 });
    if (jpeg.status !== 0) throw new Error(`sim: ffmpeg could not encode the snapshot: ${jpeg.stderr.toString()}`);
    return jpeg.stdout;
  };

  const sendHostile = (res: http.ServerResponse, op: string): void => {
    const mode = config.hostile as Hostile;
    const okBody = answer(op, '') ?? envelope('');
    switch (mode) {
      case 'xxe':
        res.writeHead(200, { 'Content-Type': 'application/soap+xml' });
        res.end(
          `<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><env:Envelope ${ENV_NS}><env:Body><tds:${op}Response><tds:Manufacturer>&xxe;</tds:Manufacturer></tds:${op}Response></env:Body></env:Envelope>`,
        );
        return;
      case 'billion-laughs': {
        let dtd = '<!ENTITY lol "lol">';
        for (let i = 1; i <= 9; i++) dtd += `<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`;
        res.writeHead(200, { 'Content-Type': 'application/soap+xml' });
        res.end(`<?xml version="1.0"?><!DOCTYPE lolz [${dtd}]><env:Envelope ${ENV_NS}><env:Body><tds:${op}Response>&lol9;</tds:${op}Response></env:Body></env:Envelope>`);
        return;
      }
      case 'huge': {
        // 50 MB of valid-looking XML, streamed without a Content-Length.
        res.writeHead(200, { 'Content-Type': 'application/soap+xml' });
        const chunk = Buffer.from('<tt:Pad>' + 'x'.repeat(64 * 1024 - 20) + '</tt:Pad>');
        let sent = 0;
        res.write(`<?xml version="1.0"?><env:Envelope ${ENV_NS}><env:Body><tds:${op}Response>`);
        const pump = () => {
          while (sent < 50 * 1024 * 1024) {
            sent += chunk.length;
            if (!res.write(chunk)) {
              res.once('drain', pump);
              return;
            }
          }
          res.end(`</tds:${op}Response></env:Body></env:Envelope>`);
        };
        res.on('error', () => undefined);
        pump();
        return;
      }
      case 'trickle': {
        res.writeHead(200, { 'Content-Type': 'application/soap+xml' });
        let i = 0;
        const timer = setInterval(() => {
          if (i >= okBody.length || res.destroyed) {
            clearInterval(timer);
            res.end();
            return;
          }
          res.write(okBody[i++]);
        }, 1000);
        res.on('close', () => clearInterval(timer));
        return;
      }
      case 'proto':
        res.writeHead(200, { 'Content-Type': 'application/soap+xml' });
        res.end(
          envelope(
            `<__proto__ polluted="yes"><polluted>yes</polluted><toString>x</toString></__proto__><constructor><prototype><polluted>yes</polluted></prototype></constructor>` +
              `<tds:${op}Response __proto__="x" constructor="y"><__proto__><isAdmin>true</isAdmin></__proto__><hasOwnProperty>1</hasOwnProperty></tds:${op}Response>`,
          ),
        );
        return;
      case 'truncated':
        res.writeHead(200, { 'Content-Type': 'application/soap+xml' });
        res.end(okBody.slice(0, Math.floor(okBody.length / 2)));
        return;
      case 'fault':
        res.writeHead(500, { 'Content-Type': 'application/soap+xml' });
        res.end(fault('Receiver', 'ActionFailed', 'The simulated camera is in a bad mood'));
        return;
      case 'http500':
        res.writeHead(500, { 'Content-Type': 'text/html' });
        res.end('<html><body>Internal Server Error</body></html>');
        return;
      case 'flood':
        res.writeHead(200, { 'Content-Type': 'application/soap+xml' });
        res.end(okBody);
        return;
    }
  };

  const snapshot = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const auth = req.headers.authorization ?? '';
    if (/^basic /i.test(auth)) stats.basicSeen += 1;
    if (config.snapshotRedirect) {
      res.writeHead(302, { Location: config.snapshotRedirect });
      res.end();
      return;
    }
    if (config.snapshotAuth === 'basic') {
      res.writeHead(401, { 'WWW-Authenticate': `Basic realm="${realm}"` });
      res.end();
      return;
    }
    const ok = (() => {
      if (!/^digest /i.test(auth)) return false;
      const params = new Map<string, string>();
      for (const m of auth.slice(7).matchAll(/(\w+)=(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g)) params.set(m[1] as string, (m[2] ?? m[3] ?? '').replace(/\\(.)/g, '$1'));
      const nonce = params.get('nonce') ?? '';
      if (!issuedNonces.has(nonce)) return false;
      const md5 = (s: string) => createHash('md5').update(s).digest('hex');
      const ha1 = md5(`${params.get('username') ?? ''}:${realm}:${config.password ?? ''}`);
      const ha2 = md5(`${req.method ?? 'GET'}:${params.get('uri') ?? ''}`);
      const expected = md5(`${ha1}:${nonce}:${params.get('nc') ?? ''}:${params.get('cnonce') ?? ''}:${params.get('qop') ?? ''}:${ha2}`);
      return params.get('username') === config.username && params.get('uri') === req.url && params.get('response') === expected;
    })();
    if (!ok) {
      // base64 with padding: a nonce that contains '=' (node-onvif truncates those).
      const nonce = randomBytes(16).toString('base64');
      issuedNonces.add(nonce);
      res.writeHead(401, { 'WWW-Authenticate': `Digest realm="${realm}", qop="auth", nonce="${nonce}", opaque="op=aque", algorithm=MD5` });
      res.end();
      return;
    }
    stats.digestOk += 1;
    res.writeHead(200, { 'Content-Type': 'image/jpeg' });
    res.end(config.media2 ? picture() : Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 0xff, 0xd9]));
  };
  const issuedNonces = new Set<string>();

  const server = http.createServer((req, res) => {
    if (req.url === '/onvif/snapshot.jpg') {
      snapshot(req, res);
      return;
    }
    if (req.method !== 'POST' || !req.url?.startsWith('/onvif/')) {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      stats.soapRequests += 1;
      const body = Buffer.concat(chunks).toString('utf8');
      const op = operationOf(body) ?? '';
      if (config.hostile && config.hostile !== 'flood' && !(config.hostileAfter ?? []).includes(op)) {
        sendHostile(res, op);
        return;
      }
      if (!PRE_AUTH.has(op) && !authorized(body)) {
        res.writeHead(400, { 'Content-Type': 'application/soap+xml' });
        res.end(fault('Sender', 'NotAuthorized', 'Sender not Authorized'));
        return;
      }
      if (req.url === '/onvif/media2_service') {
        const r = config.media2 ? answerMedia2(op, body) : undefined;
        if (r && 'fault' in r) {
          res.writeHead(400, { 'Content-Type': 'application/soap+xml' });
          res.end(r.fault);
          return;
        }
        res.writeHead(r ? 200 : 400, { 'Content-Type': 'application/soap+xml; charset=utf-8' });
        res.end(r ? r.ok : fault('Sender', 'ActionNotSupported', `${op} is not supported`));
        return;
      }
      const xml = answer(op, body);
      if (!xml) {
        res.writeHead(400, { 'Content-Type': 'application/soap+xml' });
        res.end(fault('Sender', 'ActionNotSupported', `${op} is not supported`));
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/soap+xml; charset=utf-8' });
      res.end(xml);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.httpPort ?? 0, config.bind, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  base = `http://${hostAddr}:${port}`;
  const xaddr = `${base}/onvif/device_service`;

  let wsd: dgram.Socket | undefined;
  let reply: dgram.Socket | undefined;
  if (config.discovery) {
    const scopes = [
      'onvif://www.onvif.org/type/video_encoder',
      'onvif://www.onvif.org/Profile/Streaming',
      `onvif://www.onvif.org/name/${encodeURIComponent(config.name ?? 'Sim Camera').replace(/%20/g, '_')}`,
      `onvif://www.onvif.org/hardware/${config.hardware ?? 'SIM1'}`,
      `onvif://www.onvif.org/manufacturer/${config.manufacturer ?? 'Premises'}`,
      'onvif://www.onvif.org/location/kitchen',
    ].join(' ');
    const urn = config.urn ?? `urn:uuid:${randomBytes(16).toString('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5')}`;
    const match = (relatesTo: string, u: string, x: string) =>
      '<?xml version="1.0" encoding="UTF-8"?><env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope" xmlns:wsa="http://schemas.xmlsoap.org/ws/2004/08/addressing" ' +
      'xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" xmlns:dn="http://www.onvif.org/ver10/network/wsdl"><env:Header>' +
      `<wsa:MessageID>urn:uuid:${randomBytes(8).toString('hex')}</wsa:MessageID><wsa:RelatesTo>${relatesTo}</wsa:RelatesTo>` +
      '<wsa:To>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</wsa:To><wsa:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/ProbeMatches</wsa:Action>' +
      `</env:Header><env:Body><d:ProbeMatches><d:ProbeMatch><wsa:EndpointReference><wsa:Address>${u}</wsa:Address></wsa:EndpointReference>` +
      `<d:Types>dn:NetworkVideoTransmitter</d:Types><d:Scopes>${scopes}</d:Scopes><d:XAddrs>${x}</d:XAddrs><d:MetadataVersion>1</d:MetadataVersion></d:ProbeMatch></d:ProbeMatches></env:Body></env:Envelope>`;
    reply = dgram.createSocket('udp4');
    reply.on('error', () => undefined);
    await new Promise<void>((resolve) => (reply as dgram.Socket).bind({ address: config.bind, port: 0 }, () => resolve()));
    wsd = dgram.createSocket({ type: 'udp4', reuseAddr: true });
    wsd.on('error', () => undefined);
    wsd.on('message', (msg, rinfo) => {
      const text = msg.toString('utf8');
      if (!/discovery\/Probe</.test(text) && !/Probe>/.test(text)) return;
      if (/ProbeMatches/.test(text)) return;
      stats.probes += 1;
      const relatesTo = pick(text, 'MessageID') ?? '';
      const out = reply as dgram.Socket;
      if (config.hostile === 'flood') {
        // Thousands of answers, each a distinct "device", from one address.
        for (let i = 0; i < 5_000; i++) {
          const buf = Buffer.from(match(relatesTo, `urn:uuid:flood-${i}`, `http://${hostAddr}:${port}/onvif/device_service`));
          out.send(buf, rinfo.port, rinfo.address, () => undefined);
        }
        return;
      }
      const buf = Buffer.from(match(relatesTo, urn, config.advertisedXaddr ?? xaddr));
      out.send(buf, rinfo.port, rinfo.address, () => undefined);
    });
    await new Promise<void>((resolve) =>
      (wsd as dgram.Socket).bind(3702, () => {
        (wsd as dgram.Socket).addMembership('239.255.255.250', config.bind);
        resolve();
      }),
    );
  }

  return {
    port,
    xaddr,
    stats,
    close: async () => {
      wsd?.close();
      reply?.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
