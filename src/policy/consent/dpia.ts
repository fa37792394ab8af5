import { canonicalJson, sha256Hex } from '../../audit/log.js';
import type { AreaType } from '../../config/schema.js';
import { describeSchedule } from './schedule.js';
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
  key: string;
  title: string;
  question: string;
}

export const DPIA_QUESTIONS: readonly DpiaQuestion[] = [
  {
    key: 'problem',
    title: 'The problem',
    question: 'What problem do the cameras address? Describe the incidents (what happened, when, how often) that led to them.',
  },
  {
    key: 'necessity',
    title: 'Necessity',
    question: 'Why is video recording necessary for that problem, and why these cameras, areas, hours and retention rather than fewer or shorter?',
  },
  {
    key: 'alternatives',
    title: 'Less intrusive alternatives considered',
    question:
      'Which less intrusive measures did you consider (better lighting, locks, cash-handling procedures, recording only while closed, fewer cameras, privacy masks) and why are they not enough?',
  },
  {
    key: 'balancing',
    title: 'Balancing',
    question:
      "How do the business's interests weigh against what staff and customers reasonably expect? What limits the impact on them (masks, schedules, short retention, who may view) and what risk remains?",
  },
  {
    key: 'consultation',
    title: 'Staff consulted',
    question: 'Were staff (or their representatives) informed or consulted before the cameras were put in place, and what did they say?',
  },
];

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

/** What Premises knows. `material` is the part whose change calls for a review; the rest is context of the day. */
export interface DpiaFacts {
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
}

export function dpiaFacts(i: DpiaFactInputs): DpiaFacts {
  const { config } = i.sign;
  const b = config.business;
  const profile = (JURISDICTION_PROFILES as Readonly<Record<string, { label: string; gdpr: boolean } | undefined>>)[config.jurisdiction];
  const cameras = signableCameras(config);
  return {
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
      workstationFlags: workstationFlags(config.jurisdiction, cameras).map((f) => f.text),
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
  text: string;
}

/** The same day 12 months later (UTC); 29 February becomes 1 March. */
export function twelveMonthsAfter(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear() + 1, d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function dpiaReview(latest: Pick<SavedDpia, 'version' | 'savedAt' | 'savedBy' | 'factsSha256'> | undefined, currentFactsSha256: string, now: number): DpiaReview {
  if (!latest) {
    return { state: 'missing', dueAt: null, text: 'No assessment saved yet: answer the questions (premises dpia answer) and save it (premises dpia save).' };
  }
  const dueAt = twelveMonthsAfter(latest.savedAt);
  if (now >= dueAt) {
    return {
      state: 'overdue',
      dueAt,
      text: `REVIEW OVERDUE: version ${latest.version} was saved ${day(latest.savedAt)}, more than 12 months ago (due ${day(dueAt)}). Review the answers and save a new version (premises dpia save).`,
    };
  }
  if (latest.factsSha256 !== currentFactsSha256) {
    return {
      state: 'changed',
      dueAt,
      text: `REVIEW NEEDED: the cameras, viewers or transfers changed since version ${latest.version} was saved ${day(latest.savedAt)}. Review the answers and save a new version (premises dpia save).`,
    };
  }
  return { state: 'current', dueAt, text: `Version ${latest.version} saved ${day(latest.savedAt)} by ${latest.savedBy}; next review due by ${day(dueAt)}.` };
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

export const DPIA_TITLE = 'Privacy impact and legitimate-interest assessment: video surveillance';

/**
 * The assessment as Markdown (the report's converter makes the HTML/PDF).
 * `saved` says which version this is; a draft says so at the top.
 */
export function renderDpia(facts: DpiaFacts, answers: DpiaAnswers, opts: { generatedAt: number; jurisdiction: string; saved?: Pick<SavedDpia, 'version' | 'savedAt' | 'savedBy' | 'sha256'>; review?: DpiaReview }): string {
  const m = facts.material;
  const out: string[] = [`# ${DPIA_TITLE}`, ''];
  out.push(
    opts.saved
      ? `Version ${opts.saved.version}, saved ${new Date(opts.saved.savedAt).toISOString()} by ${opts.saved.savedBy} (sha256 ${opts.saved.sha256}).`
      : `DRAFT generated ${new Date(opts.generatedAt).toISOString()}: not saved. The facts are filled in by Premises from the configuration and the index; the questions are the owner's to answer.`,
    '',
  );
  if (opts.review) out.push(`**${opts.review.text}**`, '');

  out.push('## Controller and law', '');
  out.push(`- Business: ${m.business ? `${m.business.name}, ${m.business.address}` : 'not configured'}`);
  out.push(`- Accountable contact: ${m.business?.contact ?? 'not configured'}`);
  out.push(`- Jurisdiction: ${m.jurisdiction}`, '');

  out.push('## What is recorded (from the configuration)', '');
  if (m.cameras.length === 0) out.push('No cameras.', '');
  else {
    out.push('| Camera | Area | Purposes | When | Audio | Masks | Retention | Legal basis |', '|---|---|---|---|---|---|---|---|');
    for (const c of m.cameras) {
      out.push(
        `| ${cell(c.name === c.id ? c.id : `${c.name} (${c.id})`)}${c.enabled ? '' : ' (disabled)'} | ${c.area ?? 'not set'} | ${cell(c.purposes.join('; ') || 'none')} | ${cell(c.schedule)} | ${cell(c.audio)} | ${cell(c.masks)} | ${cell(c.retention)} | ${cell(c.legalBasis ?? 'not printed for this jurisdiction')} |`,
      );
    }
    out.push('');
    const just = m.cameras.flatMap((c) => c.justifications.map((j) => `- ${c.id}: ${j}`));
    if (just.length > 0) out.push('Justifications on record:', '', ...just, '');
  }
  if (m.workstationFlags.length > 0) {
    out.push('## Workstations flagged for review', '', ...m.workstationFlags.map((f) => `- **${f}**`), '');
  }

  out.push('## Who sees it and where it goes', '');
  out.push(`- Who may view: ${m.viewers.join('; ')}; every live view and playback is logged with who, which camera and (for recordings) why`);
  out.push(`- Recipients: ${m.recipients}`);
  out.push(`- Transfers: ${m.transfers}`);
  out.push(`- The cameras' own connections: ${facts.context.containment}`, '');

  out.push('## Safeguards and record (from the index)', '');
  const ar = facts.context.accessRequests;
  out.push(`- Access requests in the last 12 months: ${ar.last12Months} (${ar.open} open, ${ar.overdue} overdue)`);
  out.push(`- Staff informed individually: ${facts.context.staff.acknowledgedCurrent} of ${facts.context.staff.count} acknowledged their current notice`);
  out.push(`- Users flagged for routine viewing in the last 30 days: ${facts.context.routineViewingFlags}`);
  out.push('- Deletion is automatic at the retention above; every deletion leaves a certificate; the audit log is hash-chained', '');

  out.push("## The owner's assessment", '');
  const required = new Set(requiredQuestions(opts.jurisdiction));
  for (const q of DPIA_QUESTIONS) {
    out.push(`### ${q.title}${required.has(q.key) ? '' : ' (optional)'}`, '', `Question: ${q.question}`, '');
    const a = answers[q.key];
    out.push(...(a ? paragraphLines(a) : ['**Not answered yet.**']), '');
  }
  return out.join('\n');
}
