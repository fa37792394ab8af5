import type { Actor, AuditLog } from '../../audit/log.js';
import { entriesOfAction } from '../../audit/entries.js';
import type { Config } from '../../config/schema.js';
import type { Db } from '../../db/open.js';
import { formatFingerprint, SigningKey } from '../../keys/signing.js';
import { withIndexCameras } from '../../policy/consent/cameras.js';
import type { Paper } from '../../policy/consent/signage-html.js';
import type { Clock } from '../../shared/clock.js';
import { PremisesError } from '../../shared/errors.js';
import type { Language } from '../../shared/languages.js';
import { businessDate } from '../../shared/local-date.js';
import { priorDisclosures } from '../export/disclosures.js';
import { ExportStore } from '../export/store.js';
import { letterLanguage } from './language.js';
import { renderLetter, type EnclosedExport, type LetterKind } from './letters.js';
import { AccessRequests, type AccessRequest } from './requests.js';

/**
 * Writing a letter to a requester, for the command and the dashboard alike:
 * gathers what the letter says from the index (the request, the cameras'
 * purposes, earlier disclosures, the enclosed export and how to check it),
 * renders it, and puts its writing on the record. One function, so both write
 * the same audit entry: the letter names a person and what was disclosed about
 * them.
 */
export interface LetterSources {
  db: Db;
  audit: AuditLog;
  clock: Clock;
  config: Config;
  /** Where the install's signing key is (its fingerprint goes in a response that encloses an export). */
  keysDir: string;
}

export interface LetterOrder {
  requestId: number;
  kind: LetterKind;
  /** Absent: the language recorded on the request (language.ts). */
  lang?: Language;
  exportId?: string;
  noneFound?: boolean;
  paper?: Paper;
}

export interface IssuedLetter {
  html: string;
  lang: Language;
  request: AccessRequest;
}

export const LETTER_ACTION = 'access_request.letter';

/** What the export enclosed holds, from the index, and the fingerprint its recipient checks the signature against. */
function enclosedExport(db: Db, keysDir: string, exportId: string): EnclosedExport {
  const rec = new ExportStore(db).get(exportId);
  if (!rec) throw new PremisesError('NotFound', `no export "${exportId}"`);
  return {
    files: rec.files,
    cameras: rec.cameras,
    fromMs: rec.fromMs,
    toMs: rec.toMs,
    manifestSha256: rec.manifestSha256,
    fingerprint: formatFingerprint(SigningKey.load(keysDir).fingerprint()),
  };
}

export function issueLetter(src: LetterSources, order: LetterOrder, by: Actor): IssuedLetter {
  const config = withIndexCameras(src.config, src.db);
  const request = new AccessRequests(src.db, src.audit, src.clock).get(order.requestId);
  const lang = order.lang ?? letterLanguage(config, request);
  const html = renderLetter({
    kind: order.kind,
    lang,
    request,
    config,
    today: businessDate(config.timezone, src.clock.now()),
    purposesOf: (id) => config.cameras.find((c) => c.id === id)?.purposes ?? [],
    ...(order.kind === 'response' ? { disclosures: priorDisclosures(src.db, request.cameras, request.fromMs, request.toMs) } : {}),
    ...(order.exportId !== undefined ? { exportId: order.exportId, enclosed: enclosedExport(src.db, src.keysDir, order.exportId) } : {}),
    ...(order.noneFound ? { noneFound: true } : {}),
    ...(order.paper ? { paper: order.paper } : {}),
  });
  src.audit.append({ actor: by, action: LETTER_ACTION, subject: `access_request:${request.id}`, details: { kind: order.kind, lang, export: order.exportId ?? null } });
  return { html, lang, request };
}

/** The exports made to answer each request (`premises export --request`, the redaction review), oldest first. */
export function exportsAnswering(db: Db): Map<number, { id: string; at: string }[]> {
  const out = new Map<number, { id: string; at: string }[]>();
  for (const e of entriesOfAction(db, 'export.created')) {
    const request = (e.details as { accessRequest?: unknown } | null)?.accessRequest;
    if (typeof request !== 'number') continue;
    out.set(request, [...(out.get(request) ?? []), { id: e.subject.replace(/^export:/, ''), at: new Date(e.at).toISOString() }]);
  }
  return out;
}
