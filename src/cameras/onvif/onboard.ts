import { systemClock, type Clock } from '../../shared/clock.js';
import { checkCameraUrl, type AddressPolicy, type Resolver } from './address.js';
import type { Credentials } from './digest.js';
import { OnvifError } from './errors.js';
import { DEFAULT_DEADLINE_MS, DEFAULT_MAX_BYTES, type Limits } from './http.js';
import { cameraText, soapCall, type SoapTarget } from './soap.js';
import { child, childrenNamed, textAt, xmlEscape, type XmlElement } from './xml.js';

export const CLOCK_SKEW_FLAG_MS = 5_000;

export type Codec = 'H264' | 'H265' | 'JPEG' | 'MPEG4' | 'other';

export interface MediaProfile {
  token: string;
  name: string;
  codec: Codec;
  /** The encoding string as the camera wrote it. */
  encoding: string;
  width?: number;
  height?: number;
  fps?: number;
  bitrateKbps?: number;
}

export interface DeviceInformation {
  manufacturer: string;
  model: string;
  firmware: string;
  serial: string;
  hardware: string;
}

export interface OnboardedCamera {
  xaddr: string;
  mediaXaddr: string;
  device: DeviceInformation;
  /** Camera clock minus our clock, ms (0 when the camera does not say). */
  clockOffsetMs: number;
  /** The camera's clock is off by more than 5 s: recordings are named by our clock, but its overlay is wrong. */
  clockSkewed: boolean;
  profiles: MediaProfile[];
  main: MediaProfile & { streamUri: string };
  sub?: MediaProfile & { streamUri: string };
  snapshotUri?: string;
  /** No H.264 profile: recorded as it is, but many browsers cannot play it. */
  h265Only: boolean;
  warnings: string[];
}

export interface OnboardOptions {
  xaddr: string;
  credentials?: Credentials;
  /** Token of the profile to record; default: the best H.264 profile. */
  profile?: string;
  clock?: Clock;
  deadlineMs?: number;
  maxBytes?: number;
  policy?: AddressPolicy;
  resolver?: Resolver;
}

export function codecOf(encoding: string): Codec {
  const e = encoding.toUpperCase().replace(/[^A-Z0-9]/g, '');
  if (e === 'H264' || e === 'AVC') return 'H264';
  if (e === 'H265' || e === 'HEVC') return 'H265';
  if (e === 'JPEG' || e === 'MJPEG') return 'JPEG';
  if (e === 'MPEG4') return 'MPEG4';
  return 'other';
}

function num(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d{1,9}(\.\d+)?$/.test(text)) return undefined;
  return Number(text);
}

/** Camera time (UTC ms) from a GetSystemDateAndTimeResponse, or undefined. */
export function cameraTimeOf(response: XmlElement): number | undefined {
  const utc = child(response, 'SystemDateAndTime', 'UTCDateTime');
  if (!utc) return undefined;
  const [y, mo, d, h, mi, s] = [
    textAt(utc, 'Date', 'Year'),
    textAt(utc, 'Date', 'Month'),
    textAt(utc, 'Date', 'Day'),
    textAt(utc, 'Time', 'Hour'),
    textAt(utc, 'Time', 'Minute'),
    textAt(utc, 'Time', 'Second'),
  ].map(num);
  if ([y, mo, d, h, mi, s].some((v) => v === undefined)) return undefined;
  const ms = Date.UTC(y as number, (mo as number) - 1, d, h, mi, s);
  return Number.isFinite(ms) ? ms : undefined;
}

export function profilesOf(response: XmlElement): MediaProfile[] {
  const out: MediaProfile[] = [];
  for (const p of childrenNamed(response, 'Profiles')) {
    const token = p.attrs.get('token');
    const vec = child(p, 'VideoEncoderConfiguration');
    if (!token || !vec) continue;
    const encoding = cameraText(textAt(vec, 'Encoding') ?? '', 32);
    const profile: MediaProfile = { token: cameraText(token, 64), name: cameraText(textAt(p, 'Name') ?? token, 64), codec: codecOf(encoding), encoding };
    const width = num(textAt(vec, 'Resolution', 'Width'));
    const height = num(textAt(vec, 'Resolution', 'Height'));
    const fps = num(textAt(vec, 'RateControl', 'FrameRateLimit'));
    const bitrate = num(textAt(vec, 'RateControl', 'BitrateLimit'));
    if (width !== undefined) profile.width = width;
    if (height !== undefined) profile.height = height;
    if (fps !== undefined) profile.fps = fps;
    if (bitrate !== undefined) profile.bitrateKbps = bitrate;
    out.push(profile);
  }
  return out;
}

const pixels = (p: MediaProfile) => (p.width ?? 0) * (p.height ?? 0);

/**
 * Which profile to record (main) and which to show live (sub). H.264 first,
 * the largest picture for main, the smallest other one of the same codec for sub.
 */
export function chooseProfiles(profiles: readonly MediaProfile[], preferred?: string): { main: MediaProfile; sub?: MediaProfile; h265Only: boolean } {
  const video = profiles.filter((p) => p.codec === 'H264' || p.codec === 'H265');
  const hasH264 = video.some((p) => p.codec === 'H264');
  let main: MediaProfile | undefined;
  if (preferred !== undefined) {
    main = profiles.find((p) => p.token === preferred);
    if (!main) throw new OnvifError('unsupported', `the camera has no profile "${preferred}" (it has ${profiles.map((p) => p.token).join(', ') || 'none'})`);
    if (main.codec !== 'H264' && main.codec !== 'H265') throw new OnvifError('unsupported', `profile "${preferred}" is ${main.encoding}; Premises records H.264 or H.265`);
  } else {
    const codec = hasH264 ? 'H264' : 'H265';
    main = video.filter((p) => p.codec === codec).sort((a, b) => pixels(b) - pixels(a))[0];
  }
  if (!main) {
    throw new OnvifError('unsupported', `the camera offers no H.264 or H.265 profile (it has ${profiles.map((p) => p.encoding || '?').join(', ') || 'none'})`);
  }
  const chosen = main;
  const sub = video.filter((p) => p.token !== chosen.token && p.codec === chosen.codec).sort((a, b) => pixels(a) - pixels(b))[0];
  return sub ? { main, sub, h265Only: !hasH264 } : { main, h265Only: !hasH264 };
}

/** A stream URI without any user info the camera may have put in it (credentials are stored apart). */
function withoutUserInfo(uri: string): string {
  const u = new URL(uri);
  u.username = '';
  u.password = '';
  return u.toString();
}

async function streamUri(target: SoapTarget, token: string, policy: AddressPolicy | undefined, resolver: Resolver | undefined): Promise<string> {
  const r = await soapCall(
    target,
    'media',
    'GetStreamUri',
    `<trt:GetStreamUri><trt:StreamSetup><tt:Stream>RTP-Unicast</tt:Stream><tt:Transport><tt:Protocol>RTSP</tt:Protocol></tt:Transport></trt:StreamSetup><trt:ProfileToken>${xmlEscape(token)}</trt:ProfileToken></trt:GetStreamUri>`,
  );
  const uri = textAt(r, 'MediaUri', 'Uri');
  if (!uri) throw new OnvifError('malformed', `the camera's GetStreamUri for profile ${token} has no Uri`);
  const checked = await checkCameraUrl(uri, `stream URI (profile ${token})`, { schemes: ['rtsp:', 'rtsps:'], policy, resolver });
  return withoutUserInfo(checked.url.toString());
}

/** The whole onboarding exchange; every request within its own deadline and size cap. */
export async function onboard(options: OnboardOptions): Promise<OnboardedCamera> {
  const clock = options.clock ?? systemClock;
  const limits: Limits = {
    deadlineMs: options.deadlineMs ?? DEFAULT_DEADLINE_MS,
    maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
    policy: options.policy,
    resolver: options.resolver,
  };
  const { policy, resolver } = options;
  const warnings: string[] = [];
  await checkCameraUrl(options.xaddr, 'device service address', { schemes: ['http:'], policy, resolver });

  // 1. The camera's clock, unauthenticated: WS-UsernameToken must be dated in its time.
  const device: SoapTarget = { xaddr: options.xaddr, clock, clockOffsetMs: 0, limits };
  let clockOffsetMs = 0;
  try {
    const before = clock.now();
    const r = await soapCall(device, 'device', 'GetSystemDateAndTime', '<tds:GetSystemDateAndTime/>');
    const after = clock.now();
    const cameraMs = cameraTimeOf(r);
    if (cameraMs === undefined) warnings.push('the camera did not give its UTC time; its clock offset is unknown');
    // The camera reports whole seconds: its true time is on average half a second later.
    else clockOffsetMs = cameraMs + 500 - Math.round((before + after) / 2);
  } catch (err) {
    if (err instanceof OnvifError && (err.code === 'fault' || err.code === 'auth')) {
      warnings.push(`GetSystemDateAndTime failed (${err.message}); assuming the camera's clock is right`);
    } else throw err;
  }
  const clockSkewed = Math.abs(clockOffsetMs) > CLOCK_SKEW_FLAG_MS;
  if (clockSkewed) warnings.push(`the camera's clock is off by ${Math.round(clockOffsetMs / 1000)} s; set it (NTP) so its picture overlay matches the recordings`);

  const authed: SoapTarget = { ...device, clockOffsetMs, ...(options.credentials ? { credentials: options.credentials } : {}) };

  // 2. Who it is.
  const info = await soapCall(authed, 'device', 'GetDeviceInformation', '<tds:GetDeviceInformation/>');
  const deviceInfo: DeviceInformation = {
    manufacturer: cameraText(textAt(info, 'Manufacturer') ?? '', 100),
    model: cameraText(textAt(info, 'Model') ?? '', 100),
    firmware: cameraText(textAt(info, 'FirmwareVersion') ?? '', 100),
    serial: cameraText(textAt(info, 'SerialNumber') ?? '', 100),
    hardware: cameraText(textAt(info, 'HardwareId') ?? '', 100),
  };

  // 3. Where its media service is.
  let mediaXaddr: string | undefined;
  try {
    const caps = await soapCall(authed, 'device', 'GetCapabilities', '<tds:GetCapabilities><tds:Category>All</tds:Category></tds:GetCapabilities>');
    mediaXaddr = textAt(caps, 'Capabilities', 'Media', 'XAddr');
  } catch (err) {
    if (!(err instanceof OnvifError) || err.code !== 'fault') throw err;
  }
  if (!mediaXaddr) {
    const services = await soapCall(authed, 'device', 'GetServices', '<tds:GetServices><tds:IncludeCapability>false</tds:IncludeCapability></tds:GetServices>');
    const media = childrenNamed(services, 'Service').find((s) => textAt(s, 'Namespace') === 'http://www.onvif.org/ver10/media/wsdl');
    mediaXaddr = textAt(media, 'XAddr');
  }
  if (!mediaXaddr) throw new OnvifError('unsupported', 'the camera does not name a media service (GetCapabilities and GetServices)');
  await checkCameraUrl(mediaXaddr, 'media service address', { schemes: ['http:'], policy, resolver });
  const media: SoapTarget = { ...authed, xaddr: mediaXaddr };

  // 4. Profiles and streams.
  const profiles = profilesOf(await soapCall(media, 'media', 'GetProfiles', '<trt:GetProfiles/>'));
  const choice = chooseProfiles(profiles, options.profile);
  if (choice.h265Only) warnings.push('the camera offers only H.265: it is recorded as it is, but many browsers cannot play it');
  const main = { ...choice.main, streamUri: await streamUri(media, choice.main.token, policy, resolver) };
  const sub = choice.sub ? { ...choice.sub, streamUri: await streamUri(media, choice.sub.token, policy, resolver) } : undefined;

  // 5. Snapshot URI: optional on cameras, but never accepted if it points outside the LAN.
  let snapshotUri: string | undefined;
  try {
    const r = await soapCall(media, 'media', 'GetSnapshotUri', `<trt:GetSnapshotUri><trt:ProfileToken>${xmlEscape(main.token)}</trt:ProfileToken></trt:GetSnapshotUri>`);
    const uri = textAt(r, 'MediaUri', 'Uri');
    if (uri) snapshotUri = (await checkCameraUrl(uri, 'snapshot URI', { schemes: ['http:'], policy, resolver })).url.toString();
  } catch (err) {
    if (err instanceof OnvifError && err.code === 'fault') warnings.push('the camera offers no snapshot URI');
    else throw err;
  }

  const result: OnboardedCamera = {
    xaddr: options.xaddr,
    mediaXaddr,
    device: deviceInfo,
    clockOffsetMs,
    clockSkewed,
    profiles,
    main,
    h265Only: choice.h265Only,
    warnings,
  };
  if (sub) result.sub = sub;
  if (snapshotUri) result.snapshotUri = snapshotUri;
  return result;
}
