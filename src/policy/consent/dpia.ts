import { canonicalJson, sha256Hex } from '../../audit/log.js';
import type { AreaType, Jurisdiction } from '../../config/schema.js';
import type { Language } from '../../shared/languages.js';
import { documentFormat, type DocumentFormat } from './document-language.js';
import { DPIA_TEXT, type ContainmentFact, type DpiaQuestionKey, type DpiaText, type MaskingWay } from './dpia-text.js';
import { describeSchedule, type Schedule } from './schedule.js';
import { periodIn, scheduleIn } from './sign-time.js';
import { SIGN_WORDS, type SignTransfer } from './sign-text.js';
import { DEFAULT_RECIPIENTS, DEFAULT_TRANSFERS, signableCameras, type SignInputs } from './signage.js';
import { staffRulesFor, workstationFlags } from './staff-rules.js';
import { JURISDICTION_PROFILES } from './profile.js';
import { transferSentences } from './transfer-signs.js';

/**
 * The privacy impact assessment (GDPR Art. 35 DPIA) and legitimate-interest
 * assessment (Art. 6(1)(f): purpose, necessity, balancing), as one document:
 * what Premises knows is filled in from the configuration and the index; what
 * only a person can answer is asked. Pure: facts in, Markdown out.
 */
export interface DpiaQuestion {
  key: DpiaQuestionKey;
  title: string;
  question: string;
}

const QUESTION_ORDER: readonly DpiaQuestionKey[] = ['problem', 'necessity', 'alternatives', 'balancing', 'consultation'];

/** The questions in English (the CLI and the dashboard); the printed assessment takes them from its language's catalog. */
export const DPIA_QUESTIONS: readonly DpiaQuestion[] = QUESTION_ORDER.map((key) => ({ key, ...DPIA_TEXT.en.questions[key] }));

export const DPIA_QUESTION_KEYS: readonly string[] = DPIA_QUESTIONS.map((q) => q.key);

/** The questions a version cannot be saved without: all but consultation, which some jurisdictions require too. */
export function requiredQuestions(jurisdiction: string): string[] {
  const base = ['problem', 'necessity', 'alternatives', 'balancing'];
  return staffRulesFor(jurisdiction).consultRepresentatives ? [...base, 'consultation'] : base;
}

export interface DpiaCamera {
  id: string;
  name: string;
  area: AreaType | null;
  enabled: boolean;
  purposes: string[];
  schedule: string;
  audio: string;
  masks: string;
  retention: string;
  legalBasis: string | null;
  justifications: string[];
}

/** One camera's facts without words, so the assessment can be printed in any language. */
export interface DpiaCameraDetail {
  id: string;
  area: AreaType | null;
  /** The recording windows; null: at all times. */
  schedule: Schedule | null;
  /** null: as set by the owner (custom profile). */
  retentionMs: number | null;
  audio: boolean;
  audioJustification: string | null;
  maskCount: number;
  masking: MaskingWay | null;
  /** Whether the legal basis is Premises' default wording (legitimate interests) rather than the owner's own. */
  legalBasisDefault: boolean;
  dining: string | null;
  retentionJustification: string | null;
}

/**
 * The same facts as `material` and `context`, as data rather than English
 * sentences. Outside `material`, so it adds nothing to what calls for a
 * review; absent from versions saved before the assessment was translated,
 * which then print their fact cells in the English they were saved in.
 */
export interface DpiaDetail {
  jurisdiction: Jurisdiction;
  timezone: string;
  cameras: DpiaCameraDetail[];
  /** The contact named in the default viewers line; absent when the owner listed the viewers. */
  defaultViewers: { contact: string | null } | null;
  transfers: SignTransfer[];
  workstations: { camera: string; area: AreaType; masked: boolean }[];
  containment: ContainmentFact | null;
}

/** What Premises knows. `material` is the part whose change calls for a review; the rest is context of the day. */
export interface DpiaFacts {
  detail?: DpiaDetail;
  material: {
    business: { name: string; address: string; contact: string } | null;
    jurisdiction: string;
    cameras: DpiaCamera[];
    viewers: string[];
    recipients: string;
    transfers: string;
    workstationFlags: string[];
  };
  context: {
    containment: string;
    accessRequests: { last12Months: number; open: number; overdue: number };
    staff: { count: number; acknowledgedCurrent: number };
    routineViewingFlags: number;
  };
}

export interface DpiaFactInputs {
  sign: SignInputs;
  /** How each masked camera's masks are applied (recorder/camera-masks.ts); absent: not known. */
  maskingOf?: (cameraId: string) => string;
  containment: string;
  accessRequests: DpiaFacts['context']['accessRequests'];
  staff: DpiaFacts['context']['staff'];
  routineViewingFlags: number;
  /** How each masked camera's areas are blacked out, as data; absent: not known. */
  maskingWayOf?: (cameraId: string) => MaskingWay;
  /** The cameras' network as data; absent: not known. */
  containmentFact?: ContainmentFact;
}

export function dpiaFacts(i: DpiaFactInputs): DpiaFacts {
  const { config } = i.sign;
  const b = config.business;
  const profile = (JURISDICTION_PROFILES as Readonly<Record<string, { label: string; gdpr: boolean } | undefined>>)[config.jurisdiction];
  const cameras = signableCameras(config);
  const flags = workstationFlags(config.jurisdiction, cameras);
  const maskedIds = new Set(cameras.filter((c) => c.masks?.length).map((c) => c.id));
  return {
    detail: {
      jurisdiction: config.jurisdiction,
      timezone: config.timezone,
      cameras: cameras.map((c) => ({
        id: c.id,
        area: c.area ?? null,
        schedule: c.schedule ?? null,
        retentionMs: i.sign.retentionOf(c.id).ms ?? null,
        audio: c.audio === true,
        audioJustification: c.audioJustification ?? null,
        maskCount: c.masks?.length ?? 0,
        masking: c.masks?.length && i.maskingWayOf ? i.maskingWayOf(c.id) : null,
        legalBasisDefault: c.legalBasis === undefined && profile?.gdpr === true,
        dining: c.diningJustification ?? null,
        retentionJustification: c.retention?.justification ?? null,
      })),
      defaultViewers: b?.viewers ? null : { contact: b?.contact.name ?? null },
      transfers: [...(i.sign.transferList ?? [])],
      workstations: flags.map((f) => ({ camera: f.camera, area: f.area, masked: maskedIds.has(f.camera) })),
      containment: i.containmentFact ?? null,
    },
    material: {
      business: b ? { name: b.name, address: b.address, contact: [b.contact.name, b.contact.email, b.contact.phone].filter(Boolean).join(', ') } : null,
      jurisdiction: profile?.label ?? config.jurisdiction,
      cameras: cameras.map((c) => ({
        id: c.id,
        name: c.name ?? c.id,
        area: c.area ?? null,
        enabled: c.enabled,
        purposes: c.purposes ?? [],
        schedule: describeSchedule(c.schedule, config.timezone),
        audio: c.audio ? `on: ${c.audioJustification ?? 'no justification'}` : 'off',
        masks: c.masks?.length ? `${c.masks.length} area(s) blacked out${i.maskingOf ? `, ${i.maskingOf(c.id)}` : ''}` : 'none',
        retention: i.sign.retentionOf(c.id).text,
        legalBasis: c.legalBasis ?? (profile?.gdpr ? 'Legitimate interests (GDPR Art. 6(1)(f))' : null),
        justifications: [
          ...(c.diningJustification ? [`dining: ${c.diningJustification}`] : []),
          ...(c.retention?.justification ? [`retention: ${c.retention.justification}`] : []),
        ],
      })),
      viewers: b?.viewers ?? [`${b?.contact.name ?? 'The owner'} and people they authorise`],
      ...(i.sign.transferList?.length ? transferSentences(i.sign.transferList) : { recipients: DEFAULT_RECIPIENTS, transfers: DEFAULT_TRANSFERS }),
      workstationFlags: flags.map((f) => f.text),
    },
    context: { containment: i.containment, accessRequests: i.accessRequests, staff: i.staff, routineViewingFlags: i.routineViewingFlags },
  };
}

export function factsSha256(facts: DpiaFacts): string {
  return sha256Hex(canonicalJson(facts.material));
}

export type DpiaAnswers = Readonly<Record<string, string>>;

export interface SavedDpia {
  version: number;
  savedAt: number;
  savedBy: string;
  factsSha256: string;
  sha256: string;
  facts: DpiaFacts;
  answers: DpiaAnswers;
}

// ---------------------------------------------------------------------------
// The yearly review

export type DpiaReviewState = 'missing' | 'current' | 'changed' | 'overdue';

export interface DpiaReview {
  state: DpiaReviewState;
  /** When the next review is due (12 months after the last save); null when none was saved. */
  dueAt: number | null;
  /** In English (the CLI, the dashboard, alarms); reviewTextIn words it in a document's language. */
  text: string;
  /** The version the state is about; null when none was saved. */
  latest: { version: number; savedAt: number; savedBy: string } | null;
}

/** The same day 12 months later (UTC); 29 February becomes 1 March. */
export function twelveMonthsAfter(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear() + 1, d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function dpiaReview(latest: Pick<SavedDpia, 'version' | 'savedAt' | 'savedBy' | 'factsSha256'> | undefined, currentFactsSha256: string, now: number): DpiaReview {
  if (!latest) {
    return { state: 'missing', dueAt: null, latest: null, text: 'No assessment saved yet: answer the questions (premises dpia answer) and save it (premises dpia save).' };
  }
  const dueAt = twelveMonthsAfter(latest.savedAt);
  const about = { version: latest.version, savedAt: latest.savedAt, savedBy: latest.savedBy };
  if (now >= dueAt) {
    return {
      state: 'overdue',
      dueAt,
      latest: about,
      text: `REVIEW OVERDUE: version ${latest.version} was saved ${day(latest.savedAt)}, more than 12 months ago (due ${day(dueAt)}). Review the answers and save a new version (premises dpia save).`,
    };
  }
  if (latest.factsSha256 !== currentFactsSha256) {
    return {
      state: 'changed',
      dueAt,
      latest: about,
      text: `REVIEW NEEDED: the cameras, viewers or transfers changed since version ${latest.version} was saved ${day(latest.savedAt)}. Review the answers and save a new version (premises dpia save).`,
    };
  }
  return { state: 'current', dueAt, latest: about, text: `Version ${latest.version} saved ${day(latest.savedAt)} by ${latest.savedBy}; next review due by ${day(dueAt)}.` };
}

// ---------------------------------------------------------------------------
// Rendering

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function paragraphLines(text: string): string[] {
  return text
    .split(/\n+/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => (l.startsWith('#') || l.startsWith('|') || l.startsWith('- ') ? `\\${l}` : l));
}

export const DPIA_TITLE = DPIA_TEXT.en.title(false);

/** The review state in a document's language (English: exactly `review.text`). */
export function reviewTextIn(review: DpiaReview, fmt: DocumentFormat): string {
  const t = DPIA_TEXT[fmt.lang].review;
  const l = review.latest;
  if (fmt.lang === 'en' || !l) return fmt.lang === 'en' ? review.text : t.missing;
  const v = fmt.count(l.version);
  const due = review.dueAt === null ? '' : fmt.day(review.dueAt);
  if (review.state === 'overdue') return t.overdue(v, fmt.day(l.savedAt), due);
  if (review.state === 'changed') return t.changed(v, fmt.day(l.savedAt));
  return t.current(v, fmt.day(l.savedAt), l.savedBy, due);
}

/** The document's title in a language; QC's law names it an EFVP. */
export function dpiaTitle(lang: Language, jurisdiction: string): string {
  return DPIA_TEXT[lang].title(jurisdiction === 'QC');
}

function maskedByIn(t: DpiaText, fmt: DocumentFormat, way: MaskingWay | null): string | null {
  if (!way) return null;
  if (way.by === 'camera') return t.maskedBy.camera(way.verifiedAt === null ? null : fmt.when(way.verifiedAt));
  return t.maskedBy[way.by];
}

/** One camera's fact cells, in the document's language when the facts carry their data, else as saved. */
function cameraCells(c: DpiaCamera, d: DpiaCameraDetail | undefined, detail: DpiaDetail | undefined, t: DpiaText, fmt: DocumentFormat) {
  if (fmt.lang === 'en' || !d || !detail) {
    return { area: c.area ?? t.notSet, schedule: c.schedule, audio: c.audio, masks: c.masks, retention: c.retention, legalBasis: c.legalBasis ?? t.legalBasisNotPrinted, justifications: c.justifications };
  }
  const masking = maskedByIn(t, fmt, d.masking);
  return {
    area: d.area ? t.areas[d.area] : t.notSet,
    schedule: scheduleIn(fmt.lang, d.schedule ?? undefined, detail.timezone),
    audio: d.audio ? t.audioOn(d.audioJustification) : t.audioOff,
    masks: d.maskCount > 0 ? t.masks(fmt.count(d.maskCount), masking) : t.none,
    retention: periodIn(fmt.lang, d.retentionMs ?? undefined),
    legalBasis: d.legalBasisDefault ? t.legitimateInterests : (c.legalBasis ?? t.legalBasisNotPrinted),
    justifications: [...(d.dining ? [t.justDining(d.dining)] : []), ...(d.retentionJustification ? [t.justRetention(d.retentionJustification)] : [])],
  };
}

export interface RenderDpiaOptions {
  generatedAt: number;
  jurisdiction: string;
  saved?: Pick<SavedDpia, 'version' | 'savedAt' | 'savedBy' | 'sha256'>;
  review?: DpiaReview;
  /** The document's language; English when absent. */
  lang?: Language;
  /** The business's time zone, for the dates of a non-English document; the facts' own when absent. */
  timezone?: string;
}

/**
 * The assessment as Markdown (the report's converter makes the HTML/PDF), in
 * `opts.lang`. Premises' sentences and the facts it fills in are translated;
 * the owner's answers and own texts are printed as typed.
 * `saved` says which version this is; a draft says so at the top.
 */
export function renderDpia(facts: DpiaFacts, answers: DpiaAnswers, opts: RenderDpiaOptions): string {
  const lang = opts.lang ?? 'en';
  const t = DPIA_TEXT[lang];
  const m = facts.material;
  const detail = lang === 'en' ? undefined : facts.detail;
  const jurisdiction = detail?.jurisdiction ?? opts.jurisdiction;
  const fmt = documentFormat(lang, jurisdiction, opts.timezone ?? detail?.timezone ?? 'UTC');
  const out: string[] = [`# ${dpiaTitle(lang, jurisdiction)}`, ''];
  out.push(
    opts.saved ? t.savedLine(fmt.count(opts.saved.version), fmt.when(opts.saved.savedAt), opts.saved.savedBy, opts.saved.sha256) : t.draftLine(fmt.when(opts.generatedAt)),
    '',
  );
  if (opts.review) out.push(`**${reviewTextIn(opts.review, fmt)}**`, '');

  out.push(`## ${t.controllerHeading}`, '');
  out.push(`- ${t.business}${t.sep}${m.business ? `${m.business.name}, ${m.business.address}` : t.notConfigured}`);
  out.push(`- ${t.contact}${t.sep}${m.business?.contact ?? t.notConfigured}`);
  const law = detail ? SIGN_WORDS[lang].profiles[detail.jurisdiction].label : m.jurisdiction;
  out.push(`- ${t.jurisdiction}${t.sep}${law}`, '');

  out.push(`## ${t.recordedHeading}`, '');
  if (m.cameras.length === 0) out.push(t.noCameras, '');
  else {
    out.push(`| ${t.columns.join(' | ')} |`, `|${t.columns.map(() => '---').join('|')}|`);
    const details = new Map((detail?.cameras ?? []).map((d) => [d.id, d] as const));
    const just: string[] = [];
    for (const c of m.cameras) {
      const x = cameraCells(c, details.get(c.id), detail, t, fmt);
      out.push(
        `| ${cell(c.name === c.id ? c.id : `${c.name} (${c.id})`)}${c.enabled ? '' : t.disabled} | ${cell(x.area)} | ${cell(c.purposes.join('; ') || t.none)} | ${cell(x.schedule)} | ${cell(x.audio)} | ${cell(x.masks)} | ${cell(x.retention)} | ${cell(x.legalBasis)} |`,
      );
      just.push(...x.justifications.map((j) => `- ${c.id}${t.sep}${j}`));
    }
    out.push('');
    if (just.length > 0) out.push(t.justificationsOnRecord, '', ...just, '');
  }
  const flags = detail
    ? detail.workstations.map((w) => t.workstationFlag(w.camera, t.areas[w.area], detail.jurisdiction, staffRulesFor(detail.jurisdiction).basis, w.masked))
    : m.workstationFlags;
  if (flags.length > 0) {
    out.push(`## ${t.workstationsHeading}`, '', ...flags.map((f) => `- **${f}**`), '');
  }

  out.push(`## ${t.whoHeading}`, '');
  const viewers = detail?.defaultViewers ? [t.viewersDefault(detail.defaultViewers.contact)] : m.viewers;
  out.push(`- ${t.whoMayView(viewers.join('; '))}`);
  if (detail) {
    const transfers = detail.transfers;
    out.push(`- ${t.recipients}${t.sep}${transfers.length ? t.recipientsList([...new Set(transfers.map((x) => `${x.recipient} (${x.country})`))].join('; ')) : t.recipientsNone}`);
    out.push(`- ${t.transfers}${t.sep}${transfers.length ? t.transfersList(transfers.map(SIGN_WORDS[lang].flow.transferItem).join('; ')) : t.transfersNone}`);
  } else {
    out.push(`- ${t.recipients}${t.sep}${m.recipients}`);
    out.push(`- ${t.transfers}${t.sep}${m.transfers}`);
  }
  out.push(`- ${t.connections}${t.sep}${detail?.containment ? t.containment(detail.containment) : facts.context.containment}`, '');

  out.push(`## ${t.safeguardsHeading}`, '');
  const ar = facts.context.accessRequests;
  out.push(`- ${t.accessRequests(fmt.count(ar.last12Months), fmt.count(ar.open), fmt.count(ar.overdue))}`);
  out.push(`- ${t.staffInformed(fmt.count(facts.context.staff.acknowledgedCurrent), fmt.count(facts.context.staff.count))}`);
  out.push(`- ${t.routineFlags(fmt.count(facts.context.routineViewingFlags))}`);
  out.push(`- ${t.deletion}`, '');

  out.push(`## ${t.ownerHeading}`, '');
  const required = new Set(requiredQuestions(opts.jurisdiction));
  for (const q of QUESTION_ORDER) {
    const words = t.questions[q];
    out.push(`### ${words.title}${required.has(q) ? '' : t.optional}`, '', t.question(words.question), '');
    const a = answers[q];
    out.push(...(a ? paragraphLines(a) : [`**${t.notAnswered}**`]), '');
  }
  return out.join('\n');
}
