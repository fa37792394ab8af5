import type { Alarms } from '../../alarms/alarms.js';
import type { Actor, AuditLog } from '../../audit/log.js';
import type { Db } from '../../db/open.js';
import type { Clock } from '../../shared/clock.js';
import { PremisesError } from '../../shared/errors.js';
import { canonicalJson } from '../../audit/log.js';
import type { Sign, SignContent } from './signage.js';
import { wordingChangesSince } from './sign-wording.js';

/**
 * The effects around the pure sign renderer: remember what each printed sign
 * said (its content hash), which print was confirmed as posted, and whether
 * the configuration has since changed what the sign would say (stale).
 */
export type SignStatusKind =
  /** The posted sign says what the configuration says. */
  | 'current'
  /** A posted sign no longer matches the configuration: reprint and confirm. */
  | 'stale'
  /** Printed with the current content, posting not confirmed yet. */
  | 'unconfirmed'
  /** Never printed with any content that was confirmed or matches now. */
  | 'missing';

export interface SignStatus {
  key: string;
  camera: string | null;
  status: SignStatusKind;
  currentSha256: string;
  /** The confirmed (posted) print, if any. */
  posted: { printId: number; sha256: string; confirmedAt: number; confirmedBy: string } | undefined;
  /** A print of the current content waiting for confirmation. */
  pendingPrintId: number | undefined;
  /** Why a stale sign must be reprinted, in plain words ("the sign's wording changed: …"); undefined unless stale. */
  staleReason?: string | undefined;
}

interface PrintRow {
  id: number;
  sign_key: string;
  camera_id: string | null;
  content_sha256: string;
  printed_at: number;
  printed_by: string;
  confirmed_at: number | null;
  confirmed_by: string | null;
  wording: number;
  content: string | null;
}

export const SIGNAGE_STALE_ALARM = 'signage-stale';

export class SignageStore {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /** Record that these signs were rendered for printing. */
  recordPrints(signs: readonly Sign[], actor: Actor, file?: string): number[] {
    return this.db.transaction(() => {
      const now = this.clock.now();
      const insert = this.db.prepare(
        'INSERT INTO signage_prints (sign_key, camera_id, content_sha256, printed_at, printed_by, wording, content) VALUES (?, ?, ?, ?, ?, ?, ?)',
      );
      const ids = signs.map((s) => Number(insert.run(s.key, s.camera, s.sha256, now, actor, wordingOf(s.content), canonicalJson(s.content)).lastInsertRowid));
      this.audit.append({
        actor,
        action: 'signage.printed',
        subject: signs.map((s) => s.key).join(','),
        details: { signs: signs.map((s, i) => ({ key: s.key, sha256: s.sha256, print: ids[i] })), file },
      });
      return ids;
    })();
  }

  /**
   * Confirm that the current version of each sign is printed and posted.
   * Refuses a sign whose latest print no longer matches the configuration.
   */
  confirm(signs: readonly Sign[], actor: Actor): SignStatus[] {
    return this.db.transaction(() => {
      const now = this.clock.now();
      for (const sign of signs) {
        const latest = this.db
          .prepare('SELECT * FROM signage_prints WHERE sign_key = ? AND content_sha256 = ? ORDER BY id DESC LIMIT 1')
          .get(sign.key, sign.sha256) as PrintRow | undefined;
        if (!latest) {
          throw new PremisesError(
            'FailedPrecondition',
            `sign ${sign.key} has not been printed with what the configuration now says; run premises signage ${sign.camera ? `--camera ${sign.camera}` : '--all'} --out FILE.html, post it, then confirm`,
          );
        }
        if (latest.confirmed_at !== null) continue;
        this.db.prepare('UPDATE signage_prints SET confirmed_at = ?, confirmed_by = ? WHERE id = ?').run(now, actor, latest.id);
        this.audit.append({ actor, action: 'signage.confirmed', subject: sign.key, details: { print: latest.id, sha256: sign.sha256 } });
      }
      return this.status(signs);
    })();
  }

  /** Status of each sign the configuration calls for. Read-only. */
  status(signs: readonly Sign[]): SignStatus[] {
    const postedQ = this.db.prepare('SELECT * FROM signage_prints WHERE sign_key = ? AND confirmed_at IS NOT NULL ORDER BY confirmed_at DESC, id DESC LIMIT 1');
    const pendingQ = this.db.prepare(
      'SELECT * FROM signage_prints WHERE sign_key = ? AND content_sha256 = ? AND confirmed_at IS NULL ORDER BY id DESC LIMIT 1',
    );
    return signs.map((sign) => {
      const posted = postedQ.get(sign.key) as PrintRow | undefined;
      const pending = pendingQ.get(sign.key, sign.sha256) as PrintRow | undefined;
      let status: SignStatusKind;
      if (posted) status = posted.content_sha256 === sign.sha256 ? 'current' : 'stale';
      else status = pending ? 'unconfirmed' : 'missing';
      return {
        key: sign.key,
        camera: sign.camera,
        status,
        currentSha256: sign.sha256,
        posted: posted
          ? { printId: posted.id, sha256: posted.content_sha256, confirmedAt: posted.confirmed_at ?? 0, confirmedBy: posted.confirmed_by ?? '' }
          : undefined,
        pendingPrintId: pending?.id,
        staleReason: status === 'stale' && posted ? staleReason(posted, sign) : undefined,
      };
    });
  }

  /**
   * Log each newly stale sign once (audit 'signage.stale') and keep an alarm
   * open while any sign is stale, so health shows it. Call at start-up, on a
   * config reload, and from the signage and report commands.
   */
  recordStaleness(signs: readonly Sign[], alarms?: Alarms): SignStatus[] {
    return this.db.transaction(() => {
      const statuses = this.status(signs);
      const insert = this.db.prepare(
        'INSERT OR IGNORE INTO signage_stale (sign_key, print_id, current_sha256, detected_at) VALUES (?, ?, ?, ?)',
      );
      for (const s of statuses) {
        if (s.status !== 'stale' || !s.posted) continue;
        const info = insert.run(s.key, s.posted.printId, s.currentSha256, this.clock.now());
        if (info.changes > 0) {
          this.audit.append({
            actor: 'system',
            action: 'signage.stale',
            subject: s.key,
            details: { posted: s.posted.sha256, now: s.currentSha256, print: s.posted.printId, reason: s.staleReason },
          });
        }
      }
      const stale = statuses.filter((s) => s.status === 'stale');
      if (alarms) {
        if (stale.length > 0) {
          alarms.raise(
            SIGNAGE_STALE_ALARM,
            'signage',
            'warning',
            `${stale.length} posted sign${stale.length === 1 ? ' no longer says' : 's no longer say'} what the configuration says (${stale.map((s) => s.key).join(', ')}): reprint with premises signage and confirm with premises signage confirm`,
            { signs: stale.map((s) => s.key) },
          );
        } else {
          alarms.clear(SIGNAGE_STALE_ALARM, 'signage', 'every posted sign matches the configuration');
        }
      }
      return statuses;
    })();
  }
}

export function describeSignStatus(s: SignStatus): string {
  switch (s.status) {
    case 'current':
      return `current (posted, confirmed ${new Date(s.posted?.confirmedAt ?? 0).toISOString()} by ${s.posted?.confirmedBy ?? '?'})`;
    case 'stale':
      return s.pendingPrintId !== undefined
        ? `STALE: ${s.staleReason ?? 'the configuration changed what it says'}; reprinted, waiting for premises signage confirm`
        : `STALE: ${s.staleReason ?? 'the configuration changed what it says'}; reprint with premises signage and confirm`;
    case 'unconfirmed':
      return 'printed, posting not confirmed yet (premises signage confirm)';
    case 'missing':
      return 'not printed yet (premises signage)';
  }
}

/** The wording version a sign's content was made with (the staff notice has none of its own yet: 1). */
function wordingOf(content: SignContent): number {
  return 'wording' in content ? content.wording : 1;
}

/** What each part of a sign's content is, in the owner's words, for the stale reason. */
const PART_NAMES: Readonly<Record<string, string>> = {
  languages: 'the languages it is printed in',
  business: 'the business or its contact',
  camera: "the camera's name or area",
  cameras: 'the cameras it lists',
  purposes: 'the purposes',
  retention: 'how long footage is kept',
  audio: 'whether sound is recorded',
  network: 'whether the cameras are on a closed network',
  transfers: 'who footage may be sent to (transfer policies)',
  jurisdiction: 'the privacy law profile',
  predominant: 'the languages it is printed in',
};

/**
 * Why the posted print no longer matches: first a change of the signs' own
 * wording (a new Premises), then the parts of the configuration that differ.
 * Prints made before content was stored can only be explained by wording.
 */
function staleReason(posted: PrintRow, sign: Sign): string {
  const reasons: string[] = [];
  const changes = wordingChangesSince(posted.wording);
  if (wordingOf(sign.content) > posted.wording && changes.length > 0) reasons.push(`the sign's wording changed: ${changes.join('; ')}`);
  if (posted.content !== null) {
    const before = JSON.parse(posted.content) as Record<string, unknown>;
    const now = JSON.parse(canonicalJson(sign.content)) as Record<string, unknown>;
    const parts = new Set<string>();
    for (const [key, name] of Object.entries(PART_NAMES)) {
      if (key in now && JSON.stringify(before[key]) !== JSON.stringify(now[key])) parts.add(name);
    }
    const list = [...parts];
    if (list.length > 0) reasons.push(`it no longer says what is true about ${list.length === 1 ? list[0] : `${list.slice(0, -1).join(', ')} and ${list.at(-1)}`}`);
  }
  return reasons.length > 0 ? reasons.join('; and ') : 'the configuration changed what it says';
}
