import { viewingEntriesSince } from '../audit/entries.js';
import type { AuditLog } from '../audit/log.js';
import type { AreaType, Config } from '../config/schema.js';
import { containmentReportText, readStatus } from '../containment/status.js';
import type { Db } from '../db/open.js';
import { AccessRequests, overdueRequests } from '../disclosure/requests/requests.js';
import { withIndexCameras } from '../policy/consent/cameras.js';
import { dpiaFacts, dpiaReview, factsSha256, requiredQuestions, reviewTextIn, type DpiaFacts, type DpiaReview } from '../policy/consent/dpia.js';
import type { ContainmentFact, MaskingWay } from '../policy/consent/dpia-text.js';
import { documentFormat } from '../policy/consent/document-language.js';
import type { Language } from '../shared/languages.js';
import { DpiaStore } from '../policy/consent/dpia-store.js';
import { signableCameras, signInputsFromConfig, type SignInputs } from '../policy/consent/signage.js';
import { staffNotice, type StaffNotice } from '../policy/consent/staff-notice.js';
import { staffRulesFor, workstationFlags } from '../policy/consent/staff-rules.js';
import { DPIA_TEXT } from '../policy/consent/dpia-text.js';
import { REPORT_TEXT } from '../policy/consent/report-text.js';
import { StaffStore, STAFF_AREAS, staffReminder, type StaffMember, type StaffNoticeStatus } from '../policy/consent/staff-store.js';
import { transferSignText } from '../policy/consent/transfer-signs.js';
import { flagRoutineViewing, ROUTINE_THRESHOLDS, routineViewingSection, VIEWING_ACTIONS, VIEWING_WINDOW_DAYS, type ViewingFlag } from '../policy/consent/viewing-review.js';
import { MaskStateStore, maskingText, type MaskingState } from '../recorder/camera-masks.js';
import type { Clock } from '../shared/clock.js';
import { businessDate } from '../shared/local-date.js';

/**
 * What staff notices, the assessment and the report's staff/assessment/viewing
 * sections read, gathered once for the CLI and the API alike (this layer sees
 * every store they need). Read-only.
 */
export interface StaffDpiaDeps {
  config: Config;
  db: Db;
  audit: AuditLog;
  clock: Clock;
}

const DAY = 86_400_000;

export function signInputsNow(d: StaffDpiaDeps): SignInputs {
  return signInputsFromConfig(withIndexCameras(d.config, d.db), undefined, transferSignText(d.db, d.audit, d.clock));
}

export function noticeFor(d: StaffDpiaDeps, member: StaffMember, inputs = signInputsNow(d)): StaffNotice {
  return staffNotice(inputs, member);
}

export function staffStatuses(d: StaffDpiaDeps): StaffNoticeStatus[] {
  const inputs = signInputsNow(d);
  return new StaffStore(d.db, d.audit, d.clock).statuses((m) => staffNotice(inputs, m));
}

/** The work areas a camera films now: where a new hire's notice will name cameras. */
export function staffAreasInUse(d: StaffDpiaDeps, inputs = signInputsNow(d)): AreaType[] {
  const used = new Set(signableCameras(inputs.config).map((c) => c.area));
  return STAFF_AREAS.filter((a) => used.has(a));
}

export function viewingFlags(d: StaffDpiaDeps): ViewingFlag[] {
  const since = d.clock.now() - VIEWING_WINDOW_DAYS * DAY;
  return flagRoutineViewing(viewingEntriesSince(d.db, VIEWING_ACTIONS, since), d.config.timezone);
}

/** Who blacks out a camera's masks, as data (maskingText says it in English). */
export function maskingWay(state: MaskingState | undefined): MaskingWay {
  if (!state) return { by: 'pending' };
  return state.method === 'camera' ? { by: 'camera', verifiedAt: state.verifiedAt } : { by: 'premises' };
}

/** The cameras' network as data (containmentReportText says it in English). */
export function containmentFact(d: Pick<StaffDpiaDeps, 'db' | 'config'>, now: number): ContainmentFact {
  const s = readStatus(d.db, d.config.cameraNetwork, now);
  if (s.mode === 'contained') return { mode: 'contained', interface: s.interface ?? '', subnet: s.subnet ?? '' };
  if (s.mode === 'failed') return { mode: 'failed', summary: s.summary };
  return { mode: 'not-contained' };
}

export function currentDpiaFacts(d: StaffDpiaDeps, statuses = staffStatuses(d), flags = viewingFlags(d)): DpiaFacts {
  const now = d.clock.now();
  const requests = new AccessRequests(d.db, d.audit, d.clock).list({ includeClosed: true });
  const masks = new MaskStateStore(d.db, d.audit, d.clock);
  return dpiaFacts({
    sign: signInputsNow(d),
    maskingOf: (id) => maskingText(masks.get(id)),
    maskingWayOf: (id) => maskingWay(masks.get(id)),
    containment: containmentReportText(d.db, d.config.cameraNetwork, now),
    containmentFact: containmentFact(d, now),
    accessRequests: {
      last12Months: requests.filter((r) => r.createdAt >= now - 365 * DAY).length,
      open: requests.filter((r) => r.closedAt === null).length,
      overdue: overdueRequests(requests, businessDate(d.config.timezone, now)).length,
    },
    staff: { count: statuses.length, acknowledgedCurrent: statuses.filter((s) => s.state === 'current').length },
    routineViewingFlags: flags.length,
  });
}

export function dpiaReviewNow(d: StaffDpiaDeps, facts = currentDpiaFacts(d)): DpiaReview {
  return dpiaReview(new DpiaStore(d.db, d.audit, d.clock).latest(), factsSha256(facts), d.clock.now());
}

export function dpiaRequired(d: StaffDpiaDeps): string[] {
  return requiredQuestions(d.config.jurisdiction);
}

/** The record of processing's sections for staff, workstations, the assessment and routine viewing. */
export function staffDpiaReportSections(d: StaffDpiaDeps, lang: Language = 'en'): { staff: string; dpia: string; routineViewing: string } {
  const statuses = staffStatuses(d);
  const flags = viewingFlags(d);
  const reviewed = dpiaReviewNow(d, currentDpiaFacts(d, statuses, flags));
  const review = { state: reviewed.state, text: reviewTextIn(reviewed, documentFormat(lang, d.config.jurisdiction, d.config.timezone)) };
  const cameras = withIndexCameras(d.config, d.db).cameras;
  const flagged = workstationFlags(d.config.jurisdiction, cameras);
  const reminder = staffReminder(statuses);
  const dpia = review.state === 'current' ? review.text : `**${review.text}**`;
  if (lang === 'en') {
    const ws = flagged.map((f) => `- **${f.text}**`);
    const staff = [reminder.due.length > 0 ? `**${reminder.text}**` : reminder.text, ...(ws.length > 0 ? ['', 'Workstations flagged for review:', '', ...ws] : [])].join('\n');
    return { staff, dpia, routineViewing: routineViewingSection(flags) };
  }
  // The same sections in the document's words, from the same data.
  const t = REPORT_TEXT[lang];
  const words = DPIA_TEXT[lang];
  const fmt = documentFormat(lang, d.config.jurisdiction, d.config.timezone);
  const reminderText =
    statuses.length === 0
      ? t.staff.none
      : reminder.due.length === 0
        ? t.staff.all(fmt.count(statuses.length))
        : t.staff.due(fmt.count(reminder.due.length), fmt.count(statuses.length), reminder.due.map((s) => t.staff.who(s.member.name, String(s.member.id), s.state === 'never')).join(', '));
  const masked = new Set(cameras.filter((c) => c.masks?.length).map((c) => c.id));
  const ws = flagged.map((f) => `- **${words.workstationFlag(f.camera, words.areas[f.area], d.config.jurisdiction, staffRulesFor(d.config.jurisdiction).basis, masked.has(f.camera))}**`);
  const staff = [reminder.due.length > 0 ? `**${reminderText}**` : reminderText, ...(ws.length > 0 ? ['', t.staff.workstations, '', ...ws] : [])].join('\n');
  const rule = t.routine.rule(fmt.count(VIEWING_WINDOW_DAYS), fmt.count(ROUTINE_THRESHOLDS.playbackDays), fmt.count(ROUTINE_THRESHOLDS.liveDays));
  const lines = flags.map((f) => {
    const playback = f.routinePlaybackDays >= ROUTINE_THRESHOLDS.playbackDays ? fmt.count(f.routinePlaybackDays) : null;
    const live = f.liveDays >= ROUTINE_THRESHOLDS.liveDays ? fmt.count(f.liveDays) : null;
    return `- **${t.routine.flag(f.actor, playback, live, fmt.count(VIEWING_WINDOW_DAYS), f.cameras.join(', '), fmt.count(f.incidentPlaybacks))}**`;
  });
  return { staff, dpia, routineViewing: `${rule}\n\n${lines.length === 0 ? t.routine.none : lines.join('\n')}` };
}

/** The compliance page's reminders, as data: who must acknowledge, the assessment's state, users flagged. */
export function staffDpiaCompliance(d: StaffDpiaDeps) {
  const statuses = staffStatuses(d);
  const flags = viewingFlags(d);
  const review = dpiaReviewNow(d, currentDpiaFacts(d, statuses, flags));
  const reminder = staffReminder(statuses);
  return {
    staffNotices: {
      text: reminder.text,
      due: reminder.due.map((s) => ({ id: s.member.id, name: s.member.name, state: s.state })),
      workstations: workstationFlags(d.config.jurisdiction, withIndexCameras(d.config, d.db).cameras).map((f) => ({ camera: f.camera, text: f.text })),
    },
    dpia: { state: review.state, dueAt: review.dueAt === null ? null : new Date(review.dueAt).toISOString(), text: review.text },
    routineViewing: flags.map((f) => ({ actor: f.actor, text: f.text })),
  };
}
