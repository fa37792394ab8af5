import { configuredRetentionOf } from '../../config/retention.js';
import { canonicalJson, sha256Hex } from '../../audit/log.js';
import type { AreaType, CameraConfig, Config, Jurisdiction } from '../../config/schema.js';
import { describeSchedule } from './schedule.js';
import { NEVER_RECORDED_AREAS } from './gates.js';
import { jurisdictionProfile, type RetentionOf } from './profile.js';
import { siteLanguages } from '../../config/site-languages.js';
import type { Language } from '../../shared/languages.js';
import { gdprName, SIGN_WORDS, type CameraNetworkClaim, type SignTransfer } from './sign-text.js';
import { periodIn, scheduleIn } from './sign-time.js';
import { SIGN_WORDING } from './sign-wording.js';

/**
 * Signs generated from the live configuration (PIPA s.10; EDPB ¶111-117; ICO).
 * Pure: config in, sign content out (signage-html.ts lays it out). Each
 * sign's hash covers its content (what it says), never its layout, so
 * restyling the page does not make posted signs stale while any change to
 * what they say does.
 */

/** What the record of processing says while no transfer policy is in force (transfer-signs.ts says it otherwise). */
export const DEFAULT_TRANSFERS = 'Footage never leaves the premises.';
export const DEFAULT_RECIPIENTS = 'None: footage never leaves the premises and is viewed only on site.';

export type SignKey = `notice:${string}` | 'policy' | 'staff';

export interface SignInputs {
  config: Pick<Config, 'business' | 'jurisdiction' | 'timezone' | 'cameras' | 'retention' | 'site'>;
  /** Retention per camera (the retention module's answer; the profile default until wired). */
  retentionOf: RetentionOf;
  /** Transfer policies in force (transfer-signs.ts); none: footage goes to no one. */
  transferList?: readonly SignTransfer[];
  /**
   * Whether the cameras are on a closed network (src/containment/status.ts
   * decides). Absent: not contained — a sign never claims a closed network
   * unless told so.
   */
  network?: CameraNetworkClaim;
}

interface BusinessLines {
  name: string;
  address: string;
  contact: { name: string; phone?: string; email?: string };
}

/** A run of text, with an optional bold lead ("<b>7 days</b>, then deleted…"). */
export interface Para {
  /** Plain words before the bold part ("Audio: "). */
  label?: string;
  strong?: string;
  text: string;
}

/** One part of a sign in one language; `field` names what the law asks it to say (profile.ts NOTICE_FIELDS). */
export interface SignSection {
  field: string;
  heading: string | null;
  list?: string[];
  paras: Para[];
}

/** Everything a notice says in one language, as printed. */
export interface NoticeBlock {
  lang: Language;
  title: string;
  audioTitle: string | null;
  lead: string;
  sections: SignSection[];
}

export interface NoticeContent {
  kind: 'notice';
  key: SignKey;
  /** The catalog wording the sentences come from (sign-wording.ts). */
  wording: number;
  /** The first is the main language; `predominant`: it must dominate the others (QC). */
  languages: Language[];
  predominant: boolean;
  camera: { id: string; name: string; area: AreaType | null };
  business: BusinessLines | null;
  audio: boolean;
  purposes: string[];
  retention: string;
  network: CameraNetworkClaim;
  transfers: SignTransfer[];
  blocks: NoticeBlock[];
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

/** The second layer in one language: a page of its own. */
export interface PolicyPage {
  lang: Language;
  title: string;
  intro: Para[];
  table: { head: string[]; rows: string[][] };
  sections: SignSection[];
}

export interface PolicyContent {
  kind: 'policy';
  key: SignKey;
  wording: number;
  languages: Language[];
  business: BusinessLines | null;
  jurisdiction: string;
  cameras: PolicyCamera[];
  network: CameraNetworkClaim;
  transfers: SignTransfer[];
  pages: PolicyPage[];
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

function contactText(b: BusinessLines | null, lang: Language = 'en'): string {
  const w = SIGN_WORDS[lang].notice;
  if (!b) return w.contactUnknown;
  const reach = [b.contact.email, b.contact.phone].filter((x): x is string => Boolean(x)).join(` ${w.or} `);
  return lang.startsWith('zh') ? `${b.contact.name}${reach ? `（${reach}）` : ''}` : `${b.contact.name}${reach ? ` (${reach})` : ''}`;
}

function accessRoute(config: SignInputs['config'], b: BusinessLines | null, lang: Language = 'en'): string {
  if (config.business?.accessRequest) return config.business.accessRequest;
  return SIGN_WORDS[lang].notice.accessRoute(contactText(b, lang));
}

/** Cameras that can appear on a sign: every one except those Premises never records. */
export function signableCameras(config: SignInputs['config']): CameraConfig[] {
  return config.cameras.filter((c) => c.area === undefined || !NEVER_RECORDED_AREAS.includes(c.area));
}

function legalBasisOf(camera: CameraConfig, jurisdiction: Jurisdiction, lang: Language = 'en'): string | null {
  if (!jurisdictionProfile(jurisdiction).gdpr) return null;
  return camera.legalBasis ?? SIGN_WORDS[lang].policy.legitimateInterests(gdprName(lang, jurisdiction === 'UK'));
}

function seal(key: SignKey, camera: string | null, content: SignContent): Sign {
  return { key, camera, content, sha256: sha256Hex(canonicalJson(content)) };
}

/** The languages signs are printed in (site.languages, or the profile's default), main language first. */
export function signLanguages(config: SignInputs['config']): Language[] {
  return [...siteLanguages(config)];
}

/** "Does footage go anywhere else?" in one language: the transfer policies in force and the camera network, as they are. */
export function footageFlow(lang: Language, transfers: readonly SignTransfer[], network: CameraNetworkClaim): string {
  const f = SIGN_WORDS[lang].flow;
  const sep = lang.startsWith('zh') ? '' : ' ';
  const cameras = network === 'contained' ? f.closedNetwork : f.openNetwork;
  if (transfers.length === 0) return [f.recorderNowhere, cameras].join(sep);
  const list = transfers.map(f.transferItem).join(lang.startsWith('zh') ? '；' : '; ');
  return [f.transfersTo(list), f.recorderNowhereElse, cameras].join(sep);
}

/** A label's colon as each language sets it: French spaces it, Chinese uses the full-width one. */
function colonIn(lang: Language): string {
  return lang.startsWith('zh') ? '：' : lang === 'fr' ? ' : ' : ': ';
}

function contactPara(b: BusinessLines, lang: Language): Para {
  const label = SIGN_WORDS[lang].notice.contact;
  return { text: `${label}${colonIn(lang)}${[b.contact.name, b.contact.email, b.contact.phone].filter(Boolean).join(', ')}` };
}

function noticeBlock(inputs: SignInputs, camera: CameraConfig, lang: Language, transfers: readonly SignTransfer[], network: CameraNetworkClaim): NoticeBlock {
  const { config } = inputs;
  const w = SIGN_WORDS[lang];
  const profile = jurisdictionProfile(config.jurisdiction);
  const words = w.profiles[config.jurisdiction];
  const b = businessLines(config);
  const fields = new Set(profile.noticeFields);
  const retention = inputs.retentionOf(camera.id);
  const sections: SignSection[] = [
    { field: 'audio', heading: null, paras: [{ label: `${w.notice.audioLabel}${colonIn(lang)}`, strong: camera.audio ? w.notice.audioYes : w.notice.audioNo, text: '' }] },
    {
      field: 'purposes',
      heading: w.notice.why,
      ...(camera.purposes?.length ? { list: [...camera.purposes] } : {}),
      paras: camera.purposes?.length ? [] : [{ text: w.notice.noPurpose }],
    },
    {
      field: 'retention',
      heading: w.notice.kept,
      paras: [{ strong: periodIn(lang, retention.ms), text: w.notice.afterKept(scheduleIn(lang, camera.schedule, config.timezone)) }],
    },
    { field: 'access', heading: w.notice.you, paras: [{ text: accessRoute(config, b, lang) }] },
  ];
  if (fields.has('rights') && words.rights) sections.push({ field: 'rights', heading: w.notice.rights, paras: [{ text: words.rights }] });
  sections.push({ field: 'elsewhere', heading: w.notice.elsewhere, paras: [{ text: footageFlow(lang, transfers, network) }] });
  sections.push({
    field: 'controller',
    heading: w.notice.responsible,
    paras: b ? [{ strong: b.name, text: `, ${b.address}` }] : [{ strong: w.notice.noBusiness, text: '' }],
  });
  if (b) sections.push({ field: 'contact', heading: null, paras: [contactPara(b, lang)] });
  if (fields.has('complaints')) sections.push({ field: 'complaints', heading: w.notice.complaints, paras: [{ text: w.policy.complaints(contactText(b, lang), words.regulator) }] });
  sections.push({ field: 'moreInfo', heading: null, paras: [{ text: `${w.notice.more}${colonIn(lang)}${config.business?.moreInfo ?? w.notice.moreInfoDefault}` }] });
  const area = camera.area ? w.areas[camera.area] : null;
  return {
    lang,
    title: w.notice.title,
    audioTitle: camera.audio ? w.notice.withAudio : null,
    lead: `${camera.name ?? camera.id}${area ? ` · ${area}` : ''}`,
    sections,
  };
}

export function noticeSign(inputs: SignInputs, camera: CameraConfig): Sign {
  const { config } = inputs;
  const b = businessLines(config);
  const key: SignKey = `notice:${camera.id}`;
  const languages = signLanguages(config);
  const transfers = [...(inputs.transferList ?? [])];
  const network = inputs.network ?? 'not-contained';
  const content: NoticeContent = {
    kind: 'notice',
    key,
    wording: SIGN_WORDING.version,
    languages,
    predominant: jurisdictionProfile(config.jurisdiction).languages.predominant && languages.length > 1,
    camera: { id: camera.id, name: camera.name ?? camera.id, area: camera.area ?? null },
    business: b,
    audio: camera.audio,
    purposes: camera.purposes ?? [],
    retention: inputs.retentionOf(camera.id).text,
    network,
    transfers,
    blocks: languages.map((lang) => noticeBlock(inputs, camera, lang, transfers, network)),
  };
  return seal(key, camera.id, content);
}

function policyPage(inputs: SignInputs, lang: Language, transfers: readonly SignTransfer[], network: CameraNetworkClaim): PolicyPage {
  const { config } = inputs;
  const w = SIGN_WORDS[lang];
  const p = w.policy;
  const words = w.profiles[config.jurisdiction];
  const b = businessLines(config);
  const cameras = signableCameras(config);
  const gdpr = jurisdictionProfile(config.jurisdiction).gdpr;
  const colon = colonIn(lang);
  const zh = lang.startsWith('zh');
  const recipients = [...new Set(transfers.map((t) => `${t.recipient} (${t.country})`))].join(zh ? '；' : '; ');
  const sections: SignSection[] = [
    { field: 'viewers', heading: p.whoMayView, list: config.business?.viewers ?? [p.viewersDefault(b?.contact.name ?? p.theOwner)], paras: [{ text: p.reviewOnly }] },
    { field: 'access', heading: p.ask, paras: [{ text: `${accessRoute(config, b, lang)}${zh ? '' : ' '}${p.answerWithin(words.accessDeadline)}` }] },
  ];
  if (words.rights) sections.push({ field: 'rights', heading: p.rightsTitle, paras: [{ text: words.rights }] });
  sections.push(
    { field: 'complaints', heading: p.complaintsTitle, paras: [{ text: p.complaints(contactText(b, lang), words.regulator) }] },
    { field: 'recipients', heading: p.recipientsTitle, paras: [{ text: transfers.length ? p.recipientsList(recipients) : p.recipientsNone }] },
    { field: 'elsewhere', heading: p.transfersTitle, paras: [{ text: footageFlow(lang, transfers, network) }] },
  );
  return {
    lang,
    title: p.title,
    intro: [
      b
        ? { strong: b.name, text: `, ${b.address}. ${p.accountable}${colon}${[b.contact.name, b.contact.email, b.contact.phone].filter(Boolean).join(', ')}.` }
        : { strong: w.notice.noBusiness, text: '' },
      { text: `${p.lawApplied}${colon}${words.label}.` },
    ],
    table: {
      head: [p.th.camera, p.th.area, p.th.purposes, p.th.kept, p.th.audio, p.th.recording, ...(gdpr ? [p.th.legalBasis] : [])],
      rows: cameras.map((c) => [
        c.name && c.name !== c.id ? `${c.name} (${c.id})` : c.id,
        c.area ? w.areas[c.area] : p.notSet,
        c.purposes?.length ? c.purposes.join('\n') : p.nonePurpose,
        periodIn(lang, inputs.retentionOf(c.id).ms),
        c.audio ? p.yes : p.no,
        scheduleIn(lang, c.schedule, config.timezone),
        ...(gdpr ? [legalBasisOf(c, config.jurisdiction, lang) ?? ''] : []),
      ]),
    },
    sections,
  };
}

export function policySign(inputs: SignInputs): Sign {
  const { config } = inputs;
  const b = businessLines(config);
  const profile = jurisdictionProfile(config.jurisdiction);
  const languages = signLanguages(config);
  const transfers = [...(inputs.transferList ?? [])];
  const network = inputs.network ?? 'not-contained';
  const content: PolicyContent = {
    kind: 'policy',
    key: 'policy',
    wording: SIGN_WORDING.version,
    languages,
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
    network,
    transfers,
    pages: languages.map((lang) => policyPage(inputs, lang, transfers, network)),
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
export function signInputsFromConfig(
  config: SignInputs['config'],
  retentionOf?: RetentionOf,
  transfers?: { list: readonly SignTransfer[] },
  network?: CameraNetworkClaim,
): SignInputs {
  return { config, retentionOf: retentionOf ?? configuredRetentionOf(config), ...(transfers ? { transferList: transfers.list } : {}), ...(network ? { network } : {}) };
}
