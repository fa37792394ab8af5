import { canonicalJson, sha256Hex } from '../../audit/log.js';
import type { AreaType, WEEKDAYS } from '../../config/schema.js';
import type { Language } from '../../shared/languages.js';
import { JURISDICTION_PROFILES } from './profile.js';
import { signableCameras, type SignInputs } from './signage.js';
import { transferSentences } from './transfer-signs.js';
import { isWorkstation, staffRulesFor } from './staff-rules.js';
import { STAFF_NOTICE_TEXT } from './staff-notice-text.js';

/**
 * One employee's own notice (who they are, which cameras can see where they
 * work, why, for how long, who sees it, their rights, who to ask), derived
 * from the configuration and the index. Pure. Its version is the hash of its
 * content (the facts and the language), never of its layout, so a change that
 * alters what this person was told (a camera added in their area, a purpose
 * or retention changed) makes their acknowledgement stale, and a camera in an
 * area where they never work does not.
 */
export interface Employee {
  id: number;
  name: string;
  role: string;
  areas: AreaType[];
  language: Language;
}

type Weekday = (typeof WEEKDAYS)[number];

export interface StaffNoticeCamera {
  id: string;
  name: string;
  area: AreaType;
  purposes: string[];
  /** null: at all times. */
  schedule: { days: Weekday[]; from: string; to: string }[] | null;
  timezone: string;
  audio: boolean;
  retention: { ms: number | null; text: string };
  masks: number;
  workstation: boolean;
}

export interface StaffNoticeContent {
  kind: 'staff-notice';
  language: Language;
  employee: { id: number; name: string; role: string; areas: AreaType[] };
  business: { name: string; address: string } | null;
  contact: { name: string; email: string | null; phone: string | null } | null;
  cameras: StaffNoticeCamera[];
  viewers: string[] | null;
  decisions: boolean;
  /** null: no transfer policy in force (footage never leaves the premises). */
  transfers: string | null;
  jurisdiction: string;
  accessDeadline: string;
  regulator: string;
  basis: string;
  individualNotice: boolean;
  representatives: string | null;
  moreInfo: string | null;
}

export interface StaffNotice {
  employeeId: number;
  content: StaffNoticeContent;
  /** The notice's version: sha256 of the canonical JSON of its content. */
  version: string;
}

/** The cameras that can see where this person works: same area, never a washroom or changing-room camera. */
export function camerasSeeing(config: SignInputs['config'], areas: readonly AreaType[]): SignInputs['config']['cameras'] {
  return signableCameras(config).filter((c) => c.area !== undefined && areas.includes(c.area));
}

export function staffNotice(inputs: SignInputs, employee: Employee): StaffNotice {
  const { config } = inputs;
  const b = config.business;
  const rules = staffRulesFor(config.jurisdiction);
  // A code the profiles do not know yet (FR before its profile exists) still gets a notice.
  const profile = (JURISDICTION_PROFILES as Readonly<Record<string, (typeof JURISDICTION_PROFILES)[keyof typeof JURISDICTION_PROFILES] | undefined>>)[config.jurisdiction];
  const content: StaffNoticeContent = {
    kind: 'staff-notice',
    language: employee.language,
    employee: { id: employee.id, name: employee.name, role: employee.role, areas: [...employee.areas].sort() },
    business: b ? { name: b.name, address: b.address } : null,
    contact: b ? { name: b.contact.name, email: b.contact.email ?? null, phone: b.contact.phone ?? null } : null,
    cameras: camerasSeeing(config, employee.areas).map((c) => {
      const retention = inputs.retentionOf(c.id);
      return {
        id: c.id,
        name: c.name ?? c.id,
        area: c.area as AreaType,
        purposes: c.purposes ?? [],
        schedule: c.schedule ? c.schedule.map((w) => ({ days: [...w.days], from: w.from, to: w.to })) : null,
        timezone: config.timezone,
        audio: c.audio,
        retention: { ms: retention.ms ?? null, text: retention.text },
        masks: c.masks?.length ?? 0,
        workstation: isWorkstation(c.area),
      };
    }),
    viewers: b?.viewers ?? null,
    decisions: b?.staffFootageInDecisions ?? false,
    transfers: inputs.transferList?.length ? transferSentences(inputs.transferList).transfers : null,
    jurisdiction: config.jurisdiction,
    accessDeadline: rules.accessDeadline ?? profile?.accessDeadline ?? 'as the law requires',
    regulator: rules.regulator ?? profile?.regulator ?? 'the privacy regulator where you are',
    basis: rules.basis,
    individualNotice: rules.individualNotice,
    representatives: rules.consultRepresentatives ?? null,
    moreInfo: b?.moreInfo ?? null,
  };
  return { employeeId: employee.id, content, version: sha256Hex(canonicalJson(content)) };
}

/** The first characters of a version, as printed on the notice and typed back when recording a signature. */
export const SHORT_VERSION = 12;
export const shortVersion = (version: string): string => version.slice(0, SHORT_VERSION);

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** The notice as Markdown in the employee's language (report-html.ts makes the printable page). */
export function renderStaffNotice(notice: StaffNotice): string {
  const c = notice.content;
  const t = STAFF_NOTICE_TEXT[c.language];
  const contact = c.contact ? [c.contact.name, c.contact.email, c.contact.phone].filter(Boolean).join(', ') : t.noContact;
  const out: string[] = [];
  out.push(`# ${t.title(c.employee.name)}`, '');
  out.push(t.intro(c.business?.name ?? t.theBusiness, c.employee.name, c.employee.role), '');
  out.push(`- ${t.yourAreas}: ${c.employee.areas.map((a) => t.area[a]).join(', ') || t.none}`);
  if (c.business) out.push(`- ${t.controller}: ${c.business.name}, ${c.business.address}`);
  out.push(`- ${t.whoToAsk}: ${contact}`, '');

  out.push(`## ${t.camerasHeading}`, '');
  if (c.cameras.length === 0) out.push(t.noCameras, '');
  else {
    out.push(`| ${t.columns.join(' | ')} |`, `|${t.columns.map(() => '---').join('|')}|`);
    for (const cam of c.cameras) {
      const when = cam.schedule === null ? t.always : `${cam.schedule.map((w) => t.window(w.days.length === 7 ? t.everyDay : w.days.map((d) => t.day[d]).join(', '), w.from, w.to)).join('; ')} (${cam.timezone})`;
      out.push(
        `| ${cell(cam.name)} | ${t.area[cam.area]}${cam.workstation ? ` (${t.workstation})` : ''} | ${cell(cam.purposes.join('; ') || t.none)} | ${cell(when)} | ` +
          `${cam.audio ? t.audioOn : t.audioOff} | ${cell(t.retention(cam.retention.ms, cam.retention.text))} | ${cam.masks > 0 ? t.masks(cam.masks) : t.none} |`,
      );
    }
    out.push('');
  }
  out.push(t.otherCameras(c.moreInfo), '');

  out.push(`## ${t.useHeading}`, '');
  out.push(`- ${c.decisions ? t.decisionsYes : t.decisionsNo}`);
  out.push(`- ${t.viewers}: ${c.viewers ? c.viewers.join('; ') : t.defaultViewers(c.contact?.name ?? t.theOwner)}`);
  out.push(`- ${t.transfersLabel}: ${c.transfers ?? t.noTransfers}`, '');

  out.push(`## ${t.rightsHeading}`, '');
  for (const line of t.rights(contact, c.accessDeadline, c.regulator)) out.push(`- ${line}`);
  out.push('');
  if (c.individualNotice) out.push(t.individual(c.basis), '');
  if (c.representatives) out.push(t.representatives(c.representatives), '');

  out.push(`## ${t.ackHeading}`, '');
  out.push(t.ackText(c.employee.name), '');
  out.push(`- ${t.signature}: ____________________________`, `- ${t.date}: ____________________________`, '');
  out.push(t.version(shortVersion(notice.version)), '');
  return out.join('\n');
}
