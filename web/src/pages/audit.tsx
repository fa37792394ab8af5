import type { JSX } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { when } from '../format.js';
import { preactPage } from '../preact-page.js';
import { sentence, type AuditEntry } from './audit-sentences.js';
import { Verification } from './audit-verification.js';
import { ColumnHeads } from '../ui.js';

/** Details as a short list; long text (a configuration file) as a block; nested values as indented JSON. */
function DetailValue(props: { value: unknown }): JSX.Element {
  const v = props.value;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) {
    return v.length ? <pre class="lines">{v.join('\n')}</pre> : <span class="hint">none</span>;
  }
  if (v !== null && typeof v === 'object') return <pre class="lines">{JSON.stringify(v, null, 2)}</pre>;
  return <span>{typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : '—'}</span>;
}

function Details(props: { details: unknown }): JSX.Element | null {
  const d = props.details;
  if (d === null || d === undefined) return null;
  const entries = typeof d === 'object' && !Array.isArray(d) ? Object.entries(d as Record<string, unknown>) : [['value', d] as const];
  if (!entries.length) return null;
  return (
    <details class="audit-details">
      <summary>Details</summary>
      <dl class="facts">
        {entries.map(([k, v]) => [
          <dt key={`t-${k}`}>{k}</dt>,
          <dd key={`d-${k}`}>
            <DetailValue value={v} />
          </dd>,
        ])}
      </dl>
    </details>
  );
}

function AuditLog(): JSX.Element {
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async (before: number | null) => {
    try {
      const r = await api<{ entries: AuditEntry[]; next: number | null }>('GET', `/api/audit?limit=50${before === null ? '' : `&before=${before}`}`);
      setEntries((old) => (before === null ? r.entries : [...old, ...r.entries]));
      setNext(r.next);
      setError(null);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }, []);
  useEffect(() => void load(null), [load]);
  return (
    <>
      <h1>Audit log</h1>
      <p>Every change, login and alarm, newest first. Entries are hash-chained: none can be altered or removed unnoticed.</p>
      {/* The verification is itself an entry: show it at the top. */}
      <Verification onVerified={() => void load(null)} />
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      <div class="scroll">
        <table class="audit">
          <caption class="sr-only">Audit log entries</caption>
          <ColumnHeads names={['#', 'When', 'Who', 'Action', 'Subject', 'What happened']} />
          <tbody>
            {entries.map((e) => (
              <tr key={e.seq} data-seq={e.seq}>
                <td>{e.seq}</td>
                <td>{when(e.at)}</td>
                <td>{e.actor}</td>
                <td>
                  <code>{e.action}</code>
                </td>
                <td>{e.subject}</td>
                <td class="details">
                  <p class="sentence">{sentence(e)}</p>
                  <Details details={e.details} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {next !== null ? (
        <button type="button" onClick={() => void load(next)}>
          Older entries
        </button>
      ) : null}
    </>
  );
}

/** The audit log, newest first, a page at a time, in sentences with the raw details on demand. Read-only. */
export const auditPage = preactPage({ path: '/audit', title: 'Audit log', needsUser: true, inMenu: (user) => user?.role === 'owner' }, AuditLog);
