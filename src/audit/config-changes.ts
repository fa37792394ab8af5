import type { AuditLog } from './log.js';
import { sha256Hex } from './log.js';
import type { Db } from '../db/open.js';
import { getMeta, setMeta } from '../db/meta.js';

/**
 * The YAML may be edited between runs. At start the text is compared with
 * the one of the previous run and the change is recorded in the audit log as
 * a line diff, so an owner can see who changed what and when (with the OS
 * file history) even for settings that never go through the API.
 */
export function lineDiff(before: string, after: string): { removed: string[]; added: string[] } {
  const a = before.split('\n');
  const b = after.split('\n');
  const count = (lines: string[]) => lines.reduce((m, l) => m.set(l, (m.get(l) ?? 0) + 1), new Map<string, number>());
  const ca = count(a);
  const cb = count(b);
  const removed = a.filter((l) => {
    const n = cb.get(l) ?? 0;
    if (n > 0) {
      cb.set(l, n - 1);
      return false;
    }
    return true;
  });
  const added = b.filter((l) => {
    const n = ca.get(l) ?? 0;
    if (n > 0) {
      ca.set(l, n - 1);
      return false;
    }
    return true;
  });
  return { removed: removed.filter((l) => l.trim()), added: added.filter((l) => l.trim()) };
}

/** Redact values of secret-looking keys before a diff line is stored. */
function scrub(line: string): string {
  return line.replace(/^(\s*-?\s*(?:password|passwd|secret|token)[A-Za-z_]*\s*:\s*).*/i, '$1***');
}

export function recordConfigChange(db: Db, audit: AuditLog, path: string, text: string): boolean {
  const hash = sha256Hex(text);
  const previousHash = getMeta(db, 'config_sha256');
  if (previousHash === hash) return false;
  const previousText = getMeta(db, 'config_text') ?? '';
  db.transaction(() => {
    const diff = lineDiff(previousText, text);
    audit.append({
      actor: 'system',
      action: previousHash ? 'config.changed' : 'config.first-seen',
      subject: `config:${path}`,
      details: { sha256: hash, previous: previousHash ?? null, removed: diff.removed.map(scrub), added: diff.added.map(scrub) },
    });
    setMeta(db, 'config_sha256', hash);
    setMeta(db, 'config_text', text);
  })();
  return true;
}
