import { configuredRetentionOf } from '../../config/retention.js';
import { canonicalJson, sha256Hex } from '../../audit/log.js';
import type { AreaType, CameraConfig, Config, Jurisdiction } from '../../config/schema.js';
import { describeSchedule } from './schedule.js';
import { NEVER_RECORDED_AREAS } from './gates.js';
import { jurisdictionProfile, type RetentionOf } from './profile.js';

/**
 * Signs generated from the live configuration (PIPA s.10; EDPB ¶111-117; ICO).
 * Pure: config in, sign content out (signage-html.ts lays it out). Each
 * sign's hash covers its content (what it says), never its layout, so
 * restyling the page does not make posted signs stale while any change to
 * what they say does.
 */

/** What signs say while no transfer policy is in force (src/policy/consent/transfer-signs.ts says it otherwise). */
export const DEFAULT_TRANSFERS = 'Footage never leaves the premises.';
export const DEFAULT_RECIPIENTS = 'None: footage never leaves the premises and is viewed only on site.';

export type SignKey = `notice:${string}` | 'policy' | 'staff';

export interface SignInputs {
  config: Pick<Config, 'business' | 'jurisdiction' | 'timezone' | 'cameras' | 'retention'>;
  /** Retention per camera (the retention module's answer; the profile default until wired). */
  retentionOf: RetentionOf;
  /** What the sign says about transfers; DEFAULT_TRANSFERS until transfer policies exist. */
  transfers?: string;
  recipients?: string;
}

interface BusinessLines {
  name: string;
  address: string;
  contact: { name: string; phone?: string; email?: string };
}

export interface NoticeContent {
  kind: 'notice';
  key: SignKey;
  camera: { id: string; name: string; area: AreaType | null };
  business: BusinessLines | null;
  audio: boolean;
  purposes: string[];
  retention: string;
  when: string;
  accessRoute: string;
  transfers: string;
  moreInfo: string;
}

export interface PolicyCamera {
  id: string;
  name: string;
  area: AreaType | null;
  purposes: string[];
  retention: string;
  audio: boolean;
  when: string;
  legalBasis: string | null;
}

export interface PolicyContent {
  kind: 'policy';
  key: SignKey;
  business: BusinessLines | null;
  jurisdiction: string;
  cameras: PolicyCamera[];
  viewers: string[];
  accessRoute: string;
  accessDeadline: string;
  complaints: string;
  recipients: string;
  transfers: string;
}

export interface StaffContent {
  kind: 'staff';
  key: SignKey;
  business: BusinessLines | null;
  cameras: Array<{ id: string; name: string; area: AreaType | null; workArea: boolean; purposes: string[]; audio: boolean; when: string }>;
  decisions: string;
  access: string;
  retention: string;
}

export type SignContent = NoticeContent | PolicyContent | StaffContent;

export interface Sign {
  key: SignKey;
  camera: string | null;
  content: SignContent;
  sha256: string;
}

export const WORK_AREAS: readonly AreaType[] = ['cash', 'kitchen', 'storage', 'staff'];

function businessLines(config: SignInputs['config']): BusinessLines | null {
  const b = config.business;
  if (!b) return null;
  const contact: BusinessLines['contact'] = { name: b.contact.name };
  if (b.contact.phone) contact.phone = b.contact.phone;
  if (b.contact.email) contact.email = b.contact.email;
  return { name: b.name, address: b.address, contact };
}

function contactText(b: BusinessLines | null): string {
  if (!b) return 'the business (no accountable contact configured yet)';
  const reach = [b.contact.email, b.contact.phone].filter((x): x is string => Boolean(x)).join(' or ');
  return `${b.contact.name}${reach ? ` (${reach})` : ''}`;
}

function accessRoute(config: SignInputs['config'], b: BusinessLines | null): string {
  if (config.business?.accessRequest) return config.business.accessRequest;
  return `Ask ${contactText(b)} for a copy of footage of yourself; say when and where you were filmed.`;
}

/** Cameras that can appear on a sign: every one except those Premises never records. */
export function signableCameras(config: SignInputs['config']): CameraConfig[] {
  return config.cameras.filter((c) => c.area === undefined || !NEVER_RECORDED_AREAS.includes(c.area));
}

function legalBasisOf(camera: CameraConfig, jurisdiction: Jurisdiction): string | null {
  if (!jurisdictionProfile(jurisdiction).gdpr) return null;
  return camera.legalBasis ?? 'Legitimate interests (GDPR Art. 6(1)(f)) in the purposes stated for this camera';
}

function seal(key: SignKey, camera: string | null, content: SignContent): Sign {
  return { key, camera, content, sha256: sha256Hex(canonicalJson(content)) };
}

export function noticeSign(inputs: SignInputs, camera: CameraConfig): Sign {
  const { config } = inputs;
  const b = businessLines(config);
  const key: SignKey = `notice:${camera.id}`;
  const content: NoticeContent = {
    kind: 'notice',
    key,
    camera: { id: camera.id, name: camera.name ?? camera.id, area: camera.area ?? null },
    business: b,
    audio: camera.audio,
    purposes: camera.purposes ?? [],
    retention: inputs.retentionOf(camera.id).text,
    when: describeSchedule(camera.schedule, config.timezone),
    accessRoute: accessRoute(config, b),
    transfers: inputs.transfers ?? DEFAULT_TRANSFERS,
    moreInfo: config.business?.moreInfo ?? 'Ask at the counter for the full privacy notice.',
  };
  return seal(key, camera.id, content);
}

export function policySign(inputs: SignInputs): Sign {
  const { config } = inputs;
  const b = businessLines(config);
  const profile = jurisdictionProfile(config.jurisdiction);
  const content: PolicyContent = {
    kind: 'policy',
    key: 'policy',
    business: b,
    jurisdiction: profile.label,
    cameras: signableCameras(config).map((c) => ({
      id: c.id,
      name: c.name ?? c.id,
      area: c.area ?? null,
      purposes: c.purposes ?? [],
      retention: inputs.retentionOf(c.id).text,
      audio: c.audio,
      when: describeSchedule(c.schedule, config.timezone),
      legalBasis: legalBasisOf(c, config.jurisdiction),
    })),
    viewers: config.business?.viewers ?? [`${b?.contact.name ?? 'The owner'} and people they authorise; every viewing is logged`],
    accessRoute: accessRoute(config, b),
    accessDeadline: profile.accessDeadline,
    complaints: `Tell ${contactText(b)} first. If you are not satisfied, you may complain to ${profile.regulator}.`,
    recipients: inputs.recipients ?? DEFAULT_RECIPIENTS,
    transfers: inputs.transfers ?? DEFAULT_TRANSFERS,
  };
  return seal('policy', null, content);
}

export function staffSign(inputs: SignInputs): Sign {
  const { config } = inputs;
  const b = businessLines(config);
  const profile = jurisdictionProfile(config.jurisdiction);
  const cameras = signableCameras(config);
  const decisionKeep =
    config.jurisdiction === 'CA-BC'
      ? 'Footage used in a decision about you is kept for at least one year (PIPA s.35) so that you can see it.'
      : 'Footage used in a decision about you is kept as long as the law requires so that you can see it.';
  const retentions = [...new Set(cameras.map((c) => inputs.retentionOf(c.id).text))];
  const content: StaffContent = {
    kind: 'staff',
    key: 'staff',
    business: b,
    cameras: cameras.map((c) => ({
      id: c.id,
      name: c.name ?? c.id,
      area: c.area ?? null,
      workArea: c.area !== undefined && WORK_AREAS.includes(c.area),
      purposes: c.purposes ?? [],
      audio: c.audio,
      when: describeSchedule(c.schedule, config.timezone),
    })),
    decisions: config.business?.staffFootageInDecisions
      ? `Footage may be used in a decision about you only when it shows an incident that concerns the purposes above; you will be told and may see it. ${decisionKeep}`
      : 'Footage is not used to watch how you work or in decisions about you (performance, discipline, hiring or pay).',
    access: `You have the same right as anyone filmed to a copy of footage of yourself: ask ${contactText(b)}. The answer is due within ${profile.accessDeadline}.`,
    retention: retentions.length === 0 ? profile.defaultRetention.text : retentions.join(' / '),
  };
  return seal('staff', null, content);
}

export type SignSelection = { camera: string } | 'all';

/** The signs a selection prints: the camera notices, then the policy page and the staff notice. */
export function signsFor(inputs: SignInputs, selection: SignSelection): Sign[] {
  const cameras = selection === 'all' ? signableCameras(inputs.config) : signableCameras(inputs.config).filter((c) => c.id === selection.camera);
  return [...cameras.map((c) => noticeSign(inputs, c)), policySign(inputs), staffSign(inputs)];
}

/** Every sign the current configuration calls for (for staleness checks). */
export function allSigns(inputs: SignInputs): Sign[] {
  return signsFor(inputs, 'all');
}

// ---------------------------------------------------------------------------
/** Sign inputs from the configuration: each camera's retention as the sweeper enforces it. */
export function signInputsFromConfig(config: SignInputs['config'], retentionOf?: RetentionOf, transfers?: { transfers: string; recipients: string }): SignInputs {
  return { config, retentionOf: retentionOf ?? configuredRetentionOf(config), ...(transfers ?? {}) };
}
