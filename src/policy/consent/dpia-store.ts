import type { Alarms } from '../../alarms/alarms.js';
import { canonicalJson, sha256Hex, type Actor, type AuditLog } from '../../audit/log.js';
import type { Db } from '../../db/open.js';
import { statement } from '../../db/statements.js';
import type { Clock } from '../../shared/clock.js';
import { PremisesError } from '../../shared/errors.js';
import { DPIA_QUESTION_KEYS, DPIA_QUESTIONS, factsSha256, twelveMonthsAfter, type DpiaAnswers, type DpiaFacts, type SavedDpia } from './dpia.js';

/**
 * The `dpia_answers` (the owner's draft) and `dpia_versions` (saved
 * assessments) tables. A saved version is the facts and answers of that day,
 * hashed and fixed: the migration's triggers refuse to change or delete it, so
 * the record shows what was assessed when, and a review is a new version.
 */
export const DPIA_ANSWER_MAX = 10_000;
export const DPIA_REVIEW_ALARM = 'dpia.review-due';

interface VersionRow {
  version: number;
  saved_at: number;
  saved_by: string;
  facts_sha256: string;
  content: string;
  sha256: string;
}

export interface DpiaAnswerRecord {
  answer: string;
  answeredAt: number;
  answeredBy: string;
}

function toSaved(r: VersionRow): SavedDpia {
  const content = JSON.parse(r.content) as { facts: DpiaFacts; answers: DpiaAnswers };
  return { version: r.version, savedAt: r.saved_at, savedBy: r.saved_by, factsSha256: r.facts_sha256, sha256: r.sha256, facts: content.facts, answers: content.answers };
}

export class DpiaStore {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /** Set (or, with an empty text, clear) the draft answer to one question. */
  answer(question: string, text: string, actor: Actor): void {
    if (!DPIA_QUESTION_KEYS.includes(question)) {
      throw new PremisesError('InvalidArgument', `question: "${question}" is not one of ${DPIA_QUESTION_KEYS.join(', ')}`);
    }
    const answer = text.trim();
    if (answer.length > DPIA_ANSWER_MAX) throw new PremisesError('InvalidArgument', `answer: too long (${DPIA_ANSWER_MAX} characters at most)`);
    this.db.transaction(() => {
      if (answer.length === 0) statement(this.db, 'DELETE FROM dpia_answers WHERE question = ?').run(question);
      else {
        statement(
          this.db,
          'INSERT INTO dpia_answers (question, answer, answered_at, answered_by) VALUES (?, ?, ?, ?) ON CONFLICT (question) DO UPDATE SET answer = excluded.answer, answered_at = excluded.answered_at, answered_by = excluded.answered_by',
        ).run(question, answer, this.clock.now(), actor);
      }
      this.audit.append({ actor, action: 'dpia.answered', subject: `dpia:${question}`, details: { sha256: sha256Hex(answer), characters: answer.length } });
    })();
  }

  answers(): Record<string, DpiaAnswerRecord> {
    const rows = statement(this.db, 'SELECT question, answer, answered_at, answered_by FROM dpia_answers').all() as {
      question: string;
      answer: string;
      answered_at: number;
      answered_by: string;
    }[];
    return Object.fromEntries(rows.map((r) => [r.question, { answer: r.answer, answeredAt: r.answered_at, answeredBy: r.answered_by }]));
  }

  answerTexts(): Record<string, string> {
    return Object.fromEntries(Object.entries(this.answers()).map(([k, v]) => [k, v.answer]));
  }

  /**
   * Save the facts as they are now with the current answers as a new,
   * immutable version. Refused while a required question is unanswered: an
   * assessment without its reasoning would only look like one.
   */
  save(facts: DpiaFacts, required: readonly string[], actor: Actor): SavedDpia {
    return this.db.transaction(() => {
      const answers = this.answerTexts();
      const missing = required.filter((k) => !answers[k]);
      if (missing.length > 0) {
        const titles = missing.map((k) => `${k} (${DPIA_QUESTIONS.find((q) => q.key === k)?.title ?? k})`);
        throw new PremisesError('FailedPrecondition', `answer ${titles.join(', ')} before saving: premises dpia answer QUESTION --text "..."`, { missing });
      }
      const content = canonicalJson({ facts, answers });
      const sha256 = sha256Hex(content);
      const last = statement(this.db, 'SELECT max(version) AS v FROM dpia_versions').get() as { v: number | null };
      const version = (last.v ?? 0) + 1;
      const factsSha = factsSha256(facts);
      statement(this.db, 'INSERT INTO dpia_versions (version, saved_at, saved_by, facts_sha256, content, sha256) VALUES (?, ?, ?, ?, ?, ?)').run(
        version,
        this.clock.now(),
        actor,
        factsSha,
        content,
        sha256,
      );
      this.audit.append({ actor, action: 'dpia.saved', subject: `dpia:${version}`, details: { version, sha256, factsSha256: factsSha } });
      return this.get(version);
    })();
  }

  get(version: number): SavedDpia {
    const row = statement(this.db, 'SELECT * FROM dpia_versions WHERE version = ?').get(version) as VersionRow | undefined;
    if (!row) throw new PremisesError('NotFound', `no saved assessment version ${version}; premises dpia show --versions lists them`);
    return toSaved(row);
  }

  latest(): SavedDpia | undefined {
    const row = statement(this.db, 'SELECT * FROM dpia_versions ORDER BY version DESC LIMIT 1').get() as VersionRow | undefined;
    return row ? toSaved(row) : undefined;
  }

  versions(): Pick<SavedDpia, 'version' | 'savedAt' | 'savedBy' | 'sha256' | 'factsSha256'>[] {
    const rows = statement(this.db, 'SELECT version, saved_at, saved_by, sha256, facts_sha256 FROM dpia_versions ORDER BY version').all() as Omit<VersionRow, 'content'>[];
    return rows.map((r) => ({ version: r.version, savedAt: r.saved_at, savedBy: r.saved_by, sha256: r.sha256, factsSha256: r.facts_sha256 }));
  }

  /**
   * The yearly review as an alarm (the daemon checks every minute): open while
   * the last saved version is 12 months old or more, cleared by saving a new
   * one. No alarm before a first version: the compliance page and the report
   * say that one is missing. Cheap: one row read.
   */
  checkReview(alarms: Alarms): boolean {
    const row = statement(this.db, 'SELECT version, saved_at FROM dpia_versions ORDER BY version DESC LIMIT 1').get() as { version: number; saved_at: number } | undefined;
    const dueAt = row ? twelveMonthsAfter(row.saved_at) : undefined;
    if (row && dueAt !== undefined && this.clock.now() >= dueAt) {
      alarms.raise(
        DPIA_REVIEW_ALARM,
        'dpia',
        'warning',
        `the privacy impact assessment (version ${row.version}) was due for its yearly review on ${new Date(dueAt).toISOString().slice(0, 10)}: review the answers and save a new version (premises dpia save)`,
        { version: row.version },
      );
      return true;
    }
    alarms.clear(DPIA_REVIEW_ALARM, 'dpia', row ? `version ${row.version} is less than 12 months old` : 'no assessment saved');
    return false;
  }
}
