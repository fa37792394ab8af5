import type { Config } from '../../config/schema.js';
import { retentionText } from '../../config/retention.js';
import { formatDuration } from '../../shared/duration.js';
import type { PrivacyPause } from './pause.js';
import { describeSchedule } from './schedule.js';
import { allGateVerdicts, formatGateFailure } from './gates.js';
import { jurisdictionProfile, type RetentionOf } from './profile.js';
import { DEFAULT_RECIPIENTS, DEFAULT_TRANSFERS } from './signage.js';
import { complianceAnswer, complianceLine, signAnswer, type RecordedSign } from './sign-answer.js';
import { describeSignStatus, type SignStatus } from './signage-store.js';
import type { Language } from '../../shared/languages.js';
import { documentFormat, type DocumentFormat } from './document-language.js';
import { DPIA_TEXT, type ContainmentFact, type MaskingWay } from './dpia-text.js';
import { REPORT_TEXT, type ReportText } from './report-text.js';
import { periodIn, scheduleIn } from './sign-time.js';
import { SIGN_WORDS, type SignTransfer } from './sign-text.js';

/**
 * The record of processing (GDPR Art. 30; PIPA s.5), generated from the
 * configuration and the index. Pure: the command gathers the inputs.
 * Sections whose source has not been built yet say so plainly rather than
 * print an empty list that would read as "none".
 *
 * Written in `lang` (English when absent): Premises' own words and the facts
 * it fills in (areas, retention, schedules, dates, counts, sign states) come
 * from the typed catalog in report-text.ts; what the owner wrote is printed
 * as written. Sections other modules hand in as finished text (holds, the
 * transfer policies in full, the audit verification, staff reminders,
 * routine viewing, gate failures) stay in English (docs/staff-dpia.md).
 */
export interface ReportInputs {
  config: Pick<Config, 'business' | 'jurisdiction' | 'timezone' | 'cameras'>;
  retentionOf: RetentionOf;
  signs: readonly SignStatus[];
  pauses: readonly PrivacyPause[];
  audit: { entries: number; lastAt: number | undefined };
  generatedAt: number;
  /** Sections other modules will supply; undefined means not built yet. */
  holds?: string;
  transfers?: string;
  recipients?: string;
  /** Whether the cameras themselves can reach the internet (docs/containment.md); absent: not known here. */
  containment?: string;
  auditVerification?: string;
  /** Who applies a masked camera's masks (camera or Premises); absent: not known here. */
  maskingOf?: (cameraId: string) => string;
  /** Staff notices: who must (re-)acknowledge, and workstations flagged (src/api/staff-dpia-inputs.ts); absent: section left out. */
  staff?: string;
  /** The assessment's review state; absent: section left out. */
  dpia?: string;
  /** Users flagged for routine viewing, with the thresholds; absent: section left out. */
  routineViewing?: string;
  /** The document's language; English when absent. */
  lang?: Language;
  /** The transfers in force as data, for the recipients line in another language; absent: none in force. */
  transferList?: readonly SignTransfer[];
  /** The cameras' network as data, for the containment line in another language. */
  containmentFact?: ContainmentFact;
  /** Who applies a masked camera's masks, as data, for another language; absent there: not said. */
  maskingWayOf?: (cameraId: string) => MaskingWay;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** signAnswer's words in the document's language (its English is exactly signAnswer's text). */
function signAnswerIn(t: ReportText, fmt: DocumentFormat, status: SignStatus | undefined, recorded: RecordedSign | undefined): string {
  if (fmt.lang === 'en') return signAnswer(status, recorded).text;
  switch (status?.status) {
    case 'stale':
      return t.sign.stale(status.staleReason ?? null);
    case 'current':
      return t.sign.current(status.posted ? { day: fmt.day(status.posted.confirmedAt), by: status.posted.confirmedBy } : null);
    case 'unconfirmed':
      return recorded ? t.sign.postedPending(recorded.location, recorded.date, recorded.confirmedBy) : t.sign.printedUnconfirmed;
    case 'missing':
    case undefined:
      return recorded ? t.sign.postedNotPrinted(recorded.location, recorded.date, recorded.confirmedBy) : t.sign.noneRecorded;
  }
}

/** describeSignStatus in the document's language. */
function signStatusIn(t: ReportText, fmt: DocumentFormat, s: SignStatus): string {
  if (fmt.lang === 'en') return describeSignStatus(s);
  switch (s.status) {
    case 'current':
      return t.signStatus.current(fmt.when(s.posted?.confirmedAt ?? 0), s.posted?.confirmedBy ?? '?');
    case 'stale':
      return s.pendingPrintId !== undefined ? t.signStatus.staleReprinted(s.staleReason ?? null) : t.signStatus.stale(s.staleReason ?? null);
    case 'unconfirmed':
      return t.signStatus.unconfirmed;
    case 'missing':
      return t.signStatus.missing;
  }
}

function maskedByIn(lang: Language, fmt: DocumentFormat, way: MaskingWay | undefined): string | null {
  if (!way) return null;
  const m = DPIA_TEXT[lang].maskedBy;
  return way.by === 'camera' ? m.camera(way.verifiedAt === null ? null : fmt.when(way.verifiedAt)) : m[way.by];
}

export function renderReport(r: ReportInputs): string {
  const { config } = r;
  const lang = r.lang ?? 'en';
  const en = lang === 'en';
  const t = REPORT_TEXT[lang];
  const fmt = documentFormat(lang, config.jurisdiction, config.timezone);
  const words = SIGN_WORDS[lang];
  const profile = jurisdictionProfile(config.jurisdiction);
  const profileWords = words.profiles[config.jurisdiction];
  const period = (ms: number | undefined, english: string) => (en ? english : periodIn(lang, ms));
  const b = config.business;
  const out: string[] = [];
  out.push(`# ${t.title}`, '');
  out.push(t.generated(fmt.when(r.generatedAt)), '');
  // The same answer as the dashboard's Compliance page (sign-answer.ts).
  const signFor = new Map(r.signs.map((s) => [s.key, s] as const));
  const gateFailures = new Map(allGateVerdicts(config).map((v) => [v.camera, v.failures.map((f) => f.reason)] as const));
  const answer = complianceAnswer(
    config.cameras.map((c) => {
      const sign = signFor.get(`notice:${c.id}`);
      return { id: c.id, enabled: c.enabled, gateFailures: gateFailures.get(c.id) ?? [], sign: sign ? signAnswer(sign, c.signage) : null };
    }),
    r.signs.filter((s) => s.status === 'stale').map((s) => s.key),
  );
  if (en) out.push(`**${complianceLine(answer)}**`, '');
  else {
    // The same problems as complianceAnswer, each in the document's words.
    const problems: string[] = [];
    for (const c of config.cameras) {
      if (!c.enabled) continue;
      for (const g of gateFailures.get(c.id) ?? []) problems.push(t.problemCamera(c.id, g));
      const sign = signFor.get(`notice:${c.id}`);
      if (sign && !signAnswer(sign, c.signage).ok) problems.push(t.problemCamera(c.id, t.problemSign(signAnswerIn(t, fmt, sign, c.signage))));
    }
    for (const s of r.signs) if (s.status === 'stale' && !s.key.startsWith('notice:')) problems.push(t.problemStaleSign(s.key));
    out.push(`**${problems.length === 0 ? t.compliant : t.notCompliant(fmt.count(problems.length), problems.join('; '))}**`, '');
  }

  out.push(`## ${t.controller}`, '');
  if (b) {
    out.push(`- ${t.business}${t.sep}${b.name}`, `- ${t.address}${t.sep}${b.address}`);
    out.push(`- ${t.contact}${t.sep}${[b.contact.name, b.contact.email, b.contact.phone].filter(Boolean).join(', ')}`);
    out.push(`- ${t.viewers}${t.sep}${(b.viewers ?? [t.defaultViewers(b.contact.name)]).join('; ')}`);
  } else {
    out.push(`- **${t.noBusiness}**`);
  }
  out.push(`- ${t.profile}${t.sep}${profileWords.label}`);
  out.push(
    `- ${t.retention(
      period(profile.defaultRetention.ms, profile.defaultRetention.text),
      period(profile.capMs, profile.capText),
      profile.absoluteMaxMs !== undefined ? period(profile.absoluteMaxMs, retentionText(profile.absoluteMaxMs)) : null,
    )}`,
  );
  out.push(`- ${t.accessWithin}${t.sep}${profileWords.accessDeadline}`);
  out.push(`- ${t.timezone}${t.sep}${config.timezone}`, '');

  const verdicts = new Map(allGateVerdicts(config).map((v) => [v.camera, v] as const));
  const signByKey = new Map(r.signs.map((s) => [s.key, s] as const));
  const pauseByCamera = new Map(r.pauses.map((p) => [p.camera, p] as const));
  const areaName = (a: string | undefined) => (a === undefined ? t.notSet : en ? a : (DPIA_TEXT[lang].areas as Record<string, string>)[a] ?? a);

  out.push(`## ${t.cameras}`, '');
  if (config.cameras.length === 0) out.push(t.noCameras, '');
  else {
    out.push(`| ${t.columns.join(' | ')} |`);
    out.push(`|${t.columns.map(() => '---').join('|')}|`);
    for (const c of config.cameras) {
      const retention = r.retentionOf(c.id);
      const overCap = retention.ms !== undefined && profile.capMs !== undefined && retention.ms > profile.capMs;
      const sign = signByKey.get(`notice:${c.id}`);
      const verdict = verdicts.get(c.id);
      const pause = pauseByCamera.get(c.id);
      const may = !c.enabled
        ? t.mayDisabled
        : verdict && verdict.failures.length > 0
          ? t.mayFailing(verdict.failures.map((f) => f.code).join(', '))
          : pause
            ? t.paused
            : t.yes;
      const n = c.masks?.length ?? 0;
      const masks = n === 0 ? t.none : t.masks(fmt.count(n), en ? (r.maskingOf?.(c.id) ?? null) : maskedByIn(lang, fmt, r.maskingWayOf?.(c.id)));
      out.push(
        `| ${cell(!c.name || c.name === c.id ? c.id : c.name.endsWith(`(${c.id})`) ? c.name : `${c.name} (${c.id})`)} | ${areaName(c.area)} | ${cell((c.purposes ?? []).join('; ') || t.none)} | ` +
          `${cell(`${t.capped(period(retention.ms, retention.text), period(profile.capMs, profile.capText))}${overCap ? t.overCap : ''}`)} | ${cell(en ? describeSchedule(c.schedule, config.timezone) : scheduleIn(lang, c.schedule, config.timezone))} | ` +
          `${cell(masks)} | ${c.audio ? t.on : t.off} | ${cell(sign ? signAnswerIn(t, fmt, sign, c.signage) : t.noSign)} | ${cell(may)} |`,
      );
    }
    out.push('');
  }

  out.push(`## ${t.gatesHeading}`, '');
  const failures = [...verdicts.values()].flatMap((v) => v.failures);
  if (failures.length === 0) out.push(t.gatesNone);
  else for (const f of failures) out.push(`- ${formatGateFailure(f)}`);
  out.push('');

  out.push(`## ${t.audioHeading}`, '');
  const audio = config.cameras.filter((c) => c.audio);
  if (audio.length === 0) out.push(t.audioOffAll);
  for (const c of audio) out.push(`- ${t.audioLine(c.id, c.audioJustification ?? null, c.audioInterceptionWarningAcknowledged === true)}`);
  out.push('');

  const dining = config.cameras.filter((c) => c.area === 'dining');
  if (dining.length > 0) {
    out.push(`## ${t.diningHeading}`, '');
    for (const c of dining) out.push(`- ${t.diningLine(c.id, c.diningJustification ?? null)}`);
    out.push('');
  }

  out.push(`## ${t.signageHeading}`, '');
  if (r.signs.length === 0) out.push(t.signsNone);
  const signageOf = new Map<string, (typeof config.cameras)[number]['signage']>(config.cameras.map((c) => [`notice:${c.id}`, c.signage]));
  for (const s of r.signs) {
    // The print log, and where the configuration records the sign as up anyway, that it counts as up (sign-answer.ts).
    const recorded = s.status === 'missing' || s.status === 'unconfirmed' ? signageOf.get(s.key) : undefined;
    out.push(`- ${s.key}${t.sep}${signStatusIn(t, fmt, s)}${recorded ? t.countedAsUp(recorded.location, recorded.date) : ''}`);
  }
  const stale = r.signs.filter((s) => s.status === 'stale');
  if (stale.length > 0) out.push('', `**${t.staleSigns(fmt.count(stale.length), stale.map((s) => s.key).join(', '))}**`);
  out.push('');

  out.push(`## ${t.pausesHeading}`, '');
  if (r.pauses.length === 0) out.push(t.noneFound);
  for (const p of r.pauses) {
    const span = p.until === undefined ? t.untilResumed : t.forSpan(en ? formatDuration(p.until - p.startedAt) : periodIn(lang, p.until - p.startedAt), fmt.when(p.until));
    out.push(`- ${t.pauseLine(p.camera, fmt.when(p.startedAt), p.startedBy, span, p.reason)}`);
  }
  out.push('');

  const d = DPIA_TEXT[lang];
  const transfers = r.transferList ?? [];
  const recipients = en
    ? (r.recipients ?? DEFAULT_RECIPIENTS)
    : transfers.length > 0
      ? d.recipientsList([...new Set(transfers.map((x) => `${x.recipient} (${x.country})`))].join('; '))
      : d.recipientsNone;
  out.push(`## ${t.recipientsHeading}`, '');
  out.push(`- ${t.recipients}${t.sep}${recipients}`);
  out.push(`- ${t.transferPolicies}${t.sep}${r.transfers ?? `${t.notYet(t.notYetWhat.transfers)} ${en ? DEFAULT_TRANSFERS : d.transfersNone}`}`);
  const containment = !en && r.containmentFact ? d.containment(r.containmentFact) : r.containment;
  if (containment) out.push(`- ${t.cameraConnections}${t.sep}${containment}`);
  out.push('');

  out.push(`## ${t.holdsHeading}`, '', r.holds ?? t.notYet(t.notYetWhat.holds), '');

  if (r.staff !== undefined) out.push(`## ${t.staffHeading}`, '', r.staff, '');
  if (r.dpia !== undefined) out.push(`## ${d.name(config.jurisdiction === 'QC')}`, '', r.dpia, '');
  if (r.routineViewing !== undefined) out.push(`## ${t.routineHeading}`, '', r.routineViewing, '');

  // The activity index is derived from the footage: say what it is, that it holds no image, and how long it lives.
  out.push(`## ${t.activityHeading}`, '');
  out.push(...t.activity.map((line) => `- ${line}`), '');

  out.push(`## ${t.auditHeading}`, '');
  out.push(`- ${t.auditEntries(fmt.count(r.audit.entries), r.audit.lastAt !== undefined ? fmt.when(r.audit.lastAt) : null)}`);
  out.push(`- ${t.lastVerification}${t.sep}${r.auditVerification ?? t.notYet(t.notYetWhat.auditVerification)}`, '');
  return out.join('\n');
}
