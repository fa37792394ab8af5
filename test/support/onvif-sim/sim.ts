import { createHash, randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
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
}

export interface RunningSim {
  port: number;
  xaddr: string;
  stats: { soapRequests: number; probes: number; basicSeen: number; digestOk: number };
  close(): Promise<void>;
}

const DEFAULT_PROFILES: SimProfile[] = [
  { token: 'main', name: 'MainStream', encoding: 'H264', width: 1920, height: 1080 },
  { token: 'sub', name: 'SubStream', encoding: 'H264', width: 640, height: 360 },
];

const ENV_NS =
  'xmlns:env="http://www.w3.org/2003/05/soap-envelope" xmlns:tds="http://www.onvif.org/ver10/device/wsdl" ' +
  'xmlns:trt="http://www.onvif.org/ver10/media/wsdl" xmlns:tt="http://www.onvif.org/ver10/schema" xmlns:ter="http://www.onvif.org/ver10/error"';

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
  const stats = { soapRequests: 0, probes: 0, basicSeen: 0, digestOk: 0 };
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

  const answer = (op: string, body: string): string | undefined => {
    const d = new Date(Date.now() + skew);
    switch (op) {
      case 'GetSystemDateAndTime':
        return envelope(
          '<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime><tt:DateTimeType>Manual</tt:DateTimeType><tt:DaylightSavings>false</tt:DaylightSavings>' +
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
    res.end(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 0xff, 0xd9]));
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
