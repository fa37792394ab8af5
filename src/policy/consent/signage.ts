import { configuredRetentionOf } from '../../config/retention.js';
import { canonicalJson, sha256Hex } from '../../audit/log.js';
import type { AreaType, CameraConfig, Config, Jurisdiction } from '../../config/schema.js';
import { describeSchedule } from './schedule.js';
import { NEVER_RECORDED_AREAS } from './gates.js';
import { jurisdictionProfile, type RetentionOf } from './profile.js';

/**
 * Signs generated from the live configuration (PIPA s.10; EDPB ¶111-117; ICO).
 * Pure: config in, sign content and HTML out. Each sign's hash covers its
 * content (what it says), never its layout, so restyling the page does not
 * make posted signs stale while any change to what they say does.
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
// HTML. Self-contained: inline CSS and SVG only, no external resource of any kind.

export type Paper = 'a4' | 'letter';

/** North American profiles print on Letter, the rest on A4. */
export function defaultPaper(j: Jurisdiction): Paper {
  return j === 'CA-BC' || j === 'CA' ? 'letter' : 'a4';
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch);
}

const e = escapeHtml;

const CAMERA_ICON =
  '<svg class="icon" viewBox="0 0 64 40" role="img" aria-label="camera"><rect x="2" y="6" width="42" height="28" rx="4" fill="#000"/>' +
  '<polygon points="46,14 62,6 62,34 46,26" fill="#000"/><circle cx="23" cy="20" r="8" fill="#fff"/></svg>';

function list(items: readonly string[], empty: string): string {
  return items.length === 0 ? `<p class="warn">${e(empty)}</p>` : `<ul>${items.map((i) => `<li>${e(i)}</li>`).join('')}</ul>`;
}

const NO_BUSINESS = '<p class="warn">No business profile is configured yet: no camera records until one exists.</p>';

function renderNotice(c: NoticeContent): string {
  const b = c.business;
  return `<section class="page notice">
<header>${CAMERA_ICON}<h1>Video recording in use${c.audio ? ' <span class="audio">with sound (audio)</span>' : ''}</h1></header>
<p class="lead">${e(c.camera.name)}${c.camera.area ? ` &middot; ${e(c.camera.area)} area` : ''}</p>
<p class="audio-line">Audio: <strong>${c.audio ? 'YES: conversations here are recorded' : 'no, sound is not recorded'}</strong></p>
<h2>Why we record</h2>
${list(c.purposes, 'No purpose is stated yet: this camera does not record until one is.')}
<h2>Footage is kept for</h2><p><strong>${e(c.retention)}</strong>, then deleted automatically. Recording: ${e(c.when)}.</p>
<h2>Footage of you</h2><p>${e(c.accessRoute)}</p>
<h2>Does footage go anywhere else?</h2><p>${e(c.transfers)}</p>
<h2>Responsible for this camera</h2>
${b ? `<p><strong>${e(b.name)}</strong>, ${e(b.address)}<br>Contact: ${e(b.contact.name)}${b.contact.email ? `, ${e(b.contact.email)}` : ''}${b.contact.phone ? `, ${e(b.contact.phone)}` : ''}</p>` : NO_BUSINESS}
<p class="more">More information: ${e(c.moreInfo)}</p>
</section>`;
}

function renderPolicy(c: PolicyContent): string {
  const gdpr = c.cameras.some((cam) => cam.legalBasis !== null);
  const rows = c.cameras
    .map(
      (cam) => `<tr><td>${e(cam.name)}<br><small>${e(cam.id)}</small></td><td>${e(cam.area ?? 'not set')}</td><td>${cam.purposes.length ? cam.purposes.map(e).join('<br>') : '<em>none stated: does not record</em>'}</td>` +
        `<td>${e(cam.retention)}</td><td>${cam.audio ? 'yes' : 'no'}</td><td>${e(cam.when)}</td>${gdpr ? `<td>${e(cam.legalBasis ?? '')}</td>` : ''}</tr>`,
    )
    .join('\n');
  const b = c.business;
  return `<section class="page policy">
<h1>Video surveillance policy</h1>
${b ? `<p><strong>${e(b.name)}</strong>, ${e(b.address)}. Accountable person: ${e(b.contact.name)}${b.contact.email ? `, ${e(b.contact.email)}` : ''}${b.contact.phone ? `, ${e(b.contact.phone)}` : ''}.</p>` : NO_BUSINESS}
<p>Privacy law applied: ${e(c.jurisdiction)}.</p>
<h2>Cameras</h2>
<table><thead><tr><th>Camera</th><th>Area</th><th>Purposes</th><th>Kept for</th><th>Audio</th><th>Recording</th>${gdpr ? '<th>Legal basis</th>' : ''}</tr></thead>
<tbody>
${rows}
</tbody></table>
<h2>Who may view footage</h2>${list(c.viewers, '')}
<p>Recorded footage is reviewed only to investigate an incident, never routinely.</p>
<h2>Asking for footage of yourself</h2><p>${e(c.accessRoute)} We answer within ${e(c.accessDeadline)}.</p>
<h2>Complaints</h2><p>${e(c.complaints)}</p>
<h2>Who receives footage</h2><p>${e(c.recipients)}</p>
<h2>Transfers</h2><p>${e(c.transfers)}</p>
</section>`;
}

function renderStaff(c: StaffContent): string {
  const rows = c.cameras
    .map(
      (cam) => `<tr><td>${e(cam.name)}</td><td>${e(cam.area ?? 'not set')}${cam.workArea ? ' <strong>(work area)</strong>' : ''}</td><td>${cam.purposes.length ? cam.purposes.map(e).join('<br>') : '<em>none stated: does not record</em>'}</td><td>${cam.audio ? 'yes' : 'no'}</td><td>${e(cam.when)}</td></tr>`,
    )
    .join('\n');
  const b = c.business;
  return `<section class="page staff">
<h1>Notice to staff: cameras at work</h1>
${b ? `<p><strong>${e(b.name)}</strong>. Responsible: ${e(b.contact.name)}${b.contact.email ? `, ${e(b.contact.email)}` : ''}${b.contact.phone ? `, ${e(b.contact.phone)}` : ''}.</p>` : NO_BUSINESS}
<p>You are the people these cameras see most. This is what they do.</p>
<table><thead><tr><th>Camera</th><th>Area</th><th>Purposes</th><th>Audio</th><th>Recording</th></tr></thead><tbody>
${rows}
</tbody></table>
<h2>Footage and decisions about you</h2><p>${e(c.decisions)}</p>
<h2>How long footage is kept</h2><p>${e(c.retention)}, then deleted automatically.</p>
<h2>Your access</h2><p>${e(c.access)}</p>
</section>`;
}

function renderSign(sign: Sign): string {
  const c = sign.content;
  switch (c.kind) {
    case 'notice':
      return renderNotice(c);
    case 'policy':
      return renderPolicy(c);
    case 'staff':
      return renderStaff(c);
  }
}

function css(paper: Paper): string {
  // Content is sized for the common area of A4 and Letter, so either prints on one page per sign.
  return `@page{size:${paper === 'a4' ? 'A4' : 'letter'};margin:12mm}
*{box-sizing:border-box}
body{font-family:"DejaVu Sans",Arial,Helvetica,sans-serif;color:#000;background:#fff;margin:0;font-size:11pt;line-height:1.35}
.page{max-width:186mm;margin:0 auto;padding:6mm 0;page-break-after:always;break-after:page}
.page:last-child{page-break-after:auto;break-after:auto}
header{display:flex;align-items:center;gap:6mm;border-bottom:2mm solid #000;padding-bottom:3mm}
.icon{width:28mm;height:18mm;flex:none}
.notice h1{font-size:30pt;margin:0;line-height:1.1}
.audio{display:block;font-size:20pt}
.lead{font-size:14pt;margin:3mm 0}
.audio-line{font-size:14pt}
h1{font-size:20pt}
h2{font-size:13pt;margin:4mm 0 1mm}
.notice ul{font-size:13pt;margin:1mm 0}
.notice p{font-size:12.5pt;margin:1mm 0}
table{border-collapse:collapse;width:100%;font-size:9.5pt}
th,td{border:0.3mm solid #000;padding:1.5mm;vertical-align:top;text-align:left}
.warn{font-weight:bold}
.more{margin-top:5mm;font-style:italic}
@media screen{body{background:#ddd}.page{background:#fff;padding:12mm;margin:8mm auto;max-width:210mm}}`;
}

/** A complete, self-contained HTML document with one page per sign. */
export function renderSignsHtml(signs: readonly Sign[], paper: Paper, title = 'Premises signage'): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${e(title)}</title>
<style>${css(paper)}</style>
</head>
<body>
${signs.map(renderSign).join('\n')}
</body>
</html>
`;
}

/** Sign inputs from the configuration: each camera's retention as the sweeper enforces it. */
export function signInputsFromConfig(config: SignInputs['config'], retentionOf?: RetentionOf, transfers?: { transfers: string; recipients: string }): SignInputs {
  return { config, retentionOf: retentionOf ?? configuredRetentionOf(config), ...(transfers ?? {}) };
}
