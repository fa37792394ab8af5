import type { Clock } from '../../shared/clock.js';
import { checkCameraUrl, type AddressPolicy, type Resolver } from './address.js';
import type { Credentials } from './digest.js';
import { OnvifError } from './errors.js';
import { DEFAULT_DEADLINE_MS, DEFAULT_MAX_BYTES, type Limits } from './http.js';
import { cameraTimeOf } from './onboard.js';
import { NS, soapCall, type SoapTarget } from './soap.js';
import { child, childrenNamed, textAt, xmlEscape, type XmlElement } from './xml.js';

/**
 * ONVIF Media2 privacy masks (GetMaskOptions, GetMasks, CreateMask,
 * DeleteMask), over our own SOAP client: same deadlines, size caps, DOCTYPE
 * refusal and address rule as every other camera call (docs/onvif.md).
 *
 * Coordinates. Premises stores polygons normalised to the picture, origin at
 * the top-left corner, y growing downwards: [0,0] top left, [1,1] bottom
 * right. Media2 defines masks in normalised coordinates of the
 * VideoSourceConfiguration window from -1 to 1 on both axes with y growing
 * upwards ((-1,-1) bottom left, (1,1) top right — the ONVIF convention also
 * used by analytics and OSD). So
 *
 *     X = 2x - 1        Y = 1 - 2y
 *
 * A camera that read y the other way round would mask the mirrored region:
 * the snapshot check (src/cameras/mask-verify.ts) is what catches that, and
 * Premises then masks by itself.
 */
/** A point of our normalised polygons (same shape as src/recorder/mask.ts). */
export type Point = readonly [number, number];

export interface OnvifPoint {
  x: number;
  y: number;
}

const round = (v: number) => Math.round(v * 1e6) / 1e6;

export function toOnvifPoint([x, y]: Point): OnvifPoint {
  return { x: round(2 * x - 1), y: round(1 - 2 * y) };
}

export function fromOnvifPoint(p: OnvifPoint): Point {
  return [round((p.x + 1) / 2), round((1 - p.y) / 2)];
}

export interface MaskOptions {
  maxMasks: number;
  maxPoints: number;
  /** Mask types the camera offers: Color, Pixelated, Blurred. */
  types: string[];
  /** The camera takes only axis-aligned rectangles (four points). */
  rectangleOnly: boolean;
}

export interface CameraMask {
  token: string;
  configurationToken: string;
  polygon: OnvifPoint[];
  type: string;
  enabled: boolean;
}

/** ReferenceToken: at most 64 characters; anything else from a camera is refused rather than echoed back to it. */
function token(text: string | undefined, what: string): string {
  const t = (text ?? '').trim();
  if (!/^[\x21-\x7e]{1,64}$/.test(t)) throw new OnvifError('malformed', `the camera's ${what} is not a usable token`);
  return t;
}

function int(text: string | undefined, what: string, max: number): number {
  if (text === undefined || !/^\d{1,6}$/.test(text)) throw new OnvifError('malformed', `the camera's ${what} is not a whole number`);
  return Math.min(Number(text), max);
}

function coordinate(text: string | undefined): number {
  if (text === undefined || !/^[-+]?\d{1,6}(\.\d{1,12})?([eE][-+]?\d{1,3})?$/.test(text)) throw new OnvifError('malformed', "the camera's mask polygon has a point that is not a number");
  return Number(text);
}

export function parseMaskOptions(response: XmlElement): MaskOptions {
  const o = child(response, 'Options');
  if (!o) throw new OnvifError('malformed', "the camera's GetMaskOptions answer has no Options");
  return {
    maxMasks: int(textAt(o, 'MaxMasks'), 'MaxMasks', 64),
    maxPoints: int(textAt(o, 'MaxPoints'), 'MaxPoints', 64),
    types: childrenNamed(o, 'Types')
      .map((t) => t.text.trim())
      .filter((t) => /^[A-Za-z]{1,32}$/.test(t))
      .slice(0, 16),
    rectangleOnly: o.attrs.get('RectangleOnly')?.trim() === 'true',
  };
}

export function parseMasks(response: XmlElement): CameraMask[] {
  return childrenNamed(response, 'Masks')
    .slice(0, 256)
    .map((m) => ({
      token: token(m.attrs.get('token'), 'mask token'),
      configurationToken: token(textAt(m, 'ConfigurationToken'), 'mask configuration token'),
      polygon: childrenNamed(child(m, 'Polygon'), 'Point')
        .slice(0, 256)
        .map((p) => ({ x: coordinate(p.attrs.get('x')), y: coordinate(p.attrs.get('y')) })),
      type: (textAt(m, 'Type') ?? '').slice(0, 32),
      enabled: textAt(m, 'Enabled') === 'true',
    }));
}

/** Four points forming an axis-aligned rectangle (what a RectangleOnly camera accepts). */
export function isAxisRectangle(polygon: readonly Point[]): boolean {
  if (polygon.length !== 4) return false;
  const xs = new Set(polygon.map((p) => p[0]));
  const ys = new Set(polygon.map((p) => p[1]));
  if (xs.size !== 2 || ys.size !== 2) return false;
  // Consecutive points share an x or a y: the edges are horizontal or vertical.
  return polygon.every((p, i) => {
    const q = polygon[(i + 1) % 4] as Point;
    return p[0] === q[0] || p[1] === q[1];
  });
}

export type MaskPlan = { ok: true; polygons: OnvifPoint[][] } | { ok: false; reason: string };

/**
 * Can the camera hold our masks, as they are? Solid colour only (pixelated or
 * blurred masks can be read through), within MaxMasks beside the masks someone
 * else set on the camera, each polygon within MaxPoints, rectangles where the
 * camera takes only rectangles. Pure.
 */
export function planCameraMasks(polygons: readonly (readonly Point[])[], options: MaskOptions, foreignMasks: number): MaskPlan {
  if (!options.types.includes('Color')) {
    return { ok: false, reason: `the camera offers only ${options.types.join(', ') || 'no'} masks, not solid colour ones` };
  }
  const room = options.maxMasks - foreignMasks;
  if (polygons.length > room) {
    const others = foreignMasks > 0 ? ` (${foreignMasks} of its ${options.maxMasks} are already used by masks set on the camera itself)` : '';
    return { ok: false, reason: `the camera holds at most ${options.maxMasks} masks${others}; this camera has ${polygons.length}` };
  }
  for (const [i, polygon] of polygons.entries()) {
    if (polygon.length > options.maxPoints) return { ok: false, reason: `mask ${i + 1} has ${polygon.length} points; the camera takes at most ${options.maxPoints}` };
    if (options.rectangleOnly && !isAxisRectangle(polygon)) return { ok: false, reason: `the camera takes only rectangles and mask ${i + 1} is not one` };
  }
  return { ok: true, polygons: polygons.map((p) => p.map(toOnvifPoint)) };
}

export function createMaskBody(configurationToken: string, polygon: readonly OnvifPoint[]): string {
  const points = polygon.map((p) => `<tt:Point x="${p.x}" y="${p.y}"/>`).join('');
  return (
    '<tr2:CreateMask><tr2:Mask>' +
    `<tr2:ConfigurationToken>${xmlEscape(configurationToken)}</tr2:ConfigurationToken>` +
    `<tr2:Polygon>${points}</tr2:Polygon>` +
    '<tr2:Type>Color</tr2:Type>' +
    // Black; a camera may adapt the colour (Media2 SetMask), which the snapshot check would notice.
    '<tr2:Color X="0" Y="0" Z="0" Colorspace="http://www.onvif.org/ver10/colorspace/RGB"/>' +
    '<tr2:Enabled>true</tr2:Enabled>' +
    '</tr2:Mask></tr2:CreateMask>'
  );
}

export interface CameraConnection {
  device: SoapTarget;
  /** Absent: the camera has no Media2 service, so no masks. */
  media2?: SoapTarget;
}

export interface ConnectOptions {
  xaddr: string;
  credentials?: Credentials;
  clock: Clock;
  deadlineMs?: number;
  maxBytes?: number;
  policy?: AddressPolicy;
  resolver?: Resolver;
}

/** Clock offset (for WS-UsernameToken) and the Media2 service address, if the camera has one. */
export async function connectMedia2(options: ConnectOptions): Promise<CameraConnection> {
  const limits: Limits = { deadlineMs: options.deadlineMs ?? DEFAULT_DEADLINE_MS, maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES, policy: options.policy, resolver: options.resolver };
  await checkCameraUrl(options.xaddr, 'device service address', { schemes: ['http:'], policy: options.policy, resolver: options.resolver });
  let clockOffsetMs = 0;
  try {
    const before = options.clock.now();
    const r = await soapCall({ xaddr: options.xaddr, clock: options.clock, clockOffsetMs: 0, limits }, 'device', 'GetSystemDateAndTime', '<tds:GetSystemDateAndTime/>');
    const cameraMs = cameraTimeOf(r);
    if (cameraMs !== undefined) clockOffsetMs = cameraMs + 500 - Math.round((before + options.clock.now()) / 2);
  } catch (err) {
    if (!(err instanceof OnvifError && (err.code === 'fault' || err.code === 'auth'))) throw err;
  }
  const device: SoapTarget = { xaddr: options.xaddr, clock: options.clock, clockOffsetMs, limits, ...(options.credentials ? { credentials: options.credentials } : {}) };
  const services = await soapCall(device, 'device', 'GetServices', '<tds:GetServices><tds:IncludeCapability>false</tds:IncludeCapability></tds:GetServices>');
  const entry = childrenNamed(services, 'Service').find((s) => textAt(s, 'Namespace') === NS.tr2);
  const xaddr = textAt(entry, 'XAddr');
  if (!xaddr) return { device };
  await checkCameraUrl(xaddr, 'Media2 service address', { schemes: ['http:'], policy: options.policy, resolver: options.resolver });
  return { device, media2: { ...device, xaddr } };
}

/** The VideoSourceConfiguration a profile uses: masks belong to it, not to a stream. */
export async function videoSourceConfigurationToken(media2: SoapTarget, profileToken: string | undefined): Promise<{ profile: string; configuration: string }> {
  const filter = profileToken ? `<tr2:Token>${xmlEscape(profileToken)}</tr2:Token>` : '';
  const r = await soapCall(media2, 'media2', 'GetProfiles', `<tr2:GetProfiles>${filter}<tr2:Type>VideoSource</tr2:Type></tr2:GetProfiles>`);
  const profile = childrenNamed(r, 'Profiles').find((p) => child(p, 'Configurations', 'VideoSource') !== undefined);
  if (!profile) throw new OnvifError('unsupported', `the camera's Media2 profile ${profileToken ?? ''} has no video source configuration`.replace('  ', ' '));
  return { profile: token(profile.attrs.get('token'), 'profile token'), configuration: token(child(profile, 'Configurations', 'VideoSource')?.attrs.get('token'), 'video source configuration token') };
}

export async function getMaskOptions(media2: SoapTarget, configurationToken: string): Promise<MaskOptions> {
  return parseMaskOptions(await soapCall(media2, 'media2', 'GetMaskOptions', `<tr2:GetMaskOptions><tr2:ConfigurationToken>${xmlEscape(configurationToken)}</tr2:ConfigurationToken></tr2:GetMaskOptions>`));
}

export async function getMasks(media2: SoapTarget, configurationToken: string): Promise<CameraMask[]> {
  return parseMasks(await soapCall(media2, 'media2', 'GetMasks', `<tr2:GetMasks><tr2:ConfigurationToken>${xmlEscape(configurationToken)}</tr2:ConfigurationToken></tr2:GetMasks>`));
}

export async function createMask(media2: SoapTarget, configurationToken: string, polygon: readonly OnvifPoint[]): Promise<string> {
  const r = await soapCall(media2, 'media2', 'CreateMask', createMaskBody(configurationToken, polygon));
  return token(textAt(r, 'Token'), 'new mask token');
}

export async function deleteMask(media2: SoapTarget, maskToken: string): Promise<void> {
  await soapCall(media2, 'media2', 'DeleteMask', `<tr2:DeleteMask><tr2:Token>${xmlEscape(maskToken)}</tr2:Token></tr2:DeleteMask>`);
}

/** Media2 GetSnapshotUri, checked against the address rule like every address a camera gives. */
export async function media2SnapshotUri(media2: SoapTarget, profileToken: string, policy?: AddressPolicy, resolver?: Resolver): Promise<string> {
  const r = await soapCall(media2, 'media2', 'GetSnapshotUri', `<tr2:GetSnapshotUri><tr2:ProfileToken>${xmlEscape(profileToken)}</tr2:ProfileToken></tr2:GetSnapshotUri>`);
  const uri = textAt(r, 'Uri');
  if (!uri) throw new OnvifError('unsupported', 'the camera offers no snapshot URI, so its masks cannot be checked');
  return (await checkCameraUrl(uri, 'snapshot URI', { schemes: ['http:'], policy, resolver })).url.toString();
}
