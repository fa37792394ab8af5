import './exports.css';
import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { cameraLabel } from '../camera-label.js';
import { api, ApiError } from '../api.js';
import type { App } from '../app.js';
import { when } from '../format.js';
import { useLoad } from '../hooks.js';
import { preactPage } from '../preact-page.js';
import { ColumnHeads, Status } from '../ui.js';
import { errorText, mayOnSomeCamera } from './forms.js';
import type { CameraView } from '../api.js';
import { downloadExport } from '../download.js';

interface Verification {
  ok: boolean;
  checkedAt: string | null;
  filesChecked: number;
  problems: { kind: string; message: string }[];
}

interface ExportView {
  id: string;
  cameras: string[];
  from: string;
  to: string;
  reason: string;
  requestedBy: string;
  legalBasis: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  files: number | null;
  bytes: number | null;
  state: 'queued' | 'running' | 'failed' | 'ready' | 'removed';
  removedAt: string | null;
  removalReason: string | null;
  progress: Progress | null;
  error: string | null;
  verification: Verification | null;
}

interface Progress {
  phase: 'hashing-sources' | 'copying' | 'signing';
  percent: number;
  message: string;
}

interface Policy {
  name: string;
  kind: string;
  active: boolean;
  data?: string[];
  target: { kind: string; roles?: string[] };
}

type FieldName = 'cameras' | 'from' | 'to' | 'reason' | 'requestedBy' | 'legalBasis';

const PHASES: Record<Progress['phase'], string> = {
  'hashing-sources': 'Checking the recorded footage against its fingerprints',
  copying: 'Copying the footage',
  signing: 'Signing the manifest',
};

const HEADINGS = ['Created', 'Cameras', 'Footage from – to', 'Why', 'Size', 'State', 'Expires', 'Verification', 'Download'];

/** `YYYY-MM-DDTHH:MM` in local time, for datetime-local inputs. */
function localInput(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

function size(bytes: number | null): string {
  if (bytes === null) return '—';
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1e3))} kB`;
}

const STATE_TEXT: Record<ExportView['state'], string> = {
  queued: 'Waiting for another export to finish',
  running: 'Being made',
  failed: 'Failed',
  ready: 'Ready',
  removed: 'Removed',
};

/** Download policies this user may use for exports; [] when none (or the user may not list policies). */
async function downloadPolicies(app: App): Promise<Policy[]> {
  try {
    const r = await api<{ policies: Policy[] }>('GET', '/api/transfer-policies');
    const role = app.user?.role ?? '';
    return r.policies.filter((p) => p.active && p.kind === 'download' && (p.data ?? ['exports']).includes('exports') && (p.target.roles ?? []).includes(role));
  } catch (err) {
    if (err instanceof ApiError && (err.status === 403 || err.status === 404)) return [];
    throw err;
  }
}

/** The list's state changes (queued, running, ready, expired) show without a reload. */
const REFRESH_MS = 15_000;

/** The exports, newest first. A new export is checked once by the server; reading it waits for that check, so the list is read again after. */
async function loadExports(): Promise<ExportView[]> {
  const first = await api<{ exports: ExportView[] }>('GET', '/api/exports');
  const unchecked = first.exports.filter((x) => x.state === 'ready' && !x.verification).slice(0, 3);
  if (unchecked.length === 0) return first.exports;
  const read = await Promise.allSettled(unchecked.map((e) => api('GET', `/api/exports/${encodeURIComponent(e.id)}`)));
  return read.some((x) => x.status === 'fulfilled') ? (await api<{ exports: ExportView[] }>('GET', '/api/exports')).exports : first.exports;
}

function VerificationCell(props: { e: ExportView; onVerify: () => void }): JSX.Element {
  const { e } = props;
  if (e.state !== 'ready') return <td data-label="Verification">—</td>;
  const v = e.verification;
  const text = !v
    ? 'Not checked yet'
    : v.ok
      ? `Verified: ${v.filesChecked} file(s) match the signed manifest (${when(v.checkedAt)})`
      : `FAILED (${when(v.checkedAt)}): ${v.problems.map((p) => p.message).join('; ')}`;
  return (
    <td data-label="Verification">
      <span class={v ? (v.ok ? 'verify ok' : 'verify bad') : 'verify'}>{text}</span>{' '}
      <button type="button" class="small" onClick={props.onVerify} aria-label={`Check export ${e.id} again`}>
        Check again
      </button>
    </td>
  );
}

function DownloadCell(props: { e: ExportView; policies: Policy[]; app: App }): JSX.Element {
  const { e, policies } = props;
  const [chosen, setChosen] = useState(policies[0]?.name ?? '');
  const [error, setError] = useState('');
  if (e.state !== 'ready') return <td data-label="Download">—</td>;
  if (policies.length === 0) {
    return (
      <td class="hint" data-label="Download">
        {props.app.user?.role === 'owner' ? (
          <>
            {'No download policy yet: '}
            <a href="#/transfers">add one on the Transfers page</a>
            {' ("Add a transfer policy", destination "Download from this dashboard").'}
          </>
        ) : (
          'No download policy allows your role to download exports; ask the owner.'
        )}
      </td>
    );
  }
  const download = (policy: string) => {
    setError('');
    downloadExport(e.id, policy).catch((err: unknown) => setError(errorText(err)));
  };
  const only = policies.length === 1 ? policies[0] : undefined;
  return (
    <td data-label="Download">
      {only ? (
        <button type="button" class="button" onClick={() => download(only.name)}>
          {`Download (policy ${only.name})`}
        </button>
      ) : (
        <>
          <select aria-label={`Download policy for export ${e.id}`} value={chosen} onChange={(ev) => setChosen(ev.currentTarget.value)}>
            {policies.map((p) => (
              <option key={p.name} value={p.name}>
                {p.name}
              </option>
            ))}
          </select>{' '}
          <button type="button" class="button" onClick={() => download(chosen)}>
            Download
          </button>
        </>
      )}{' '}
      <span class="error" role="alert">
        {error}
      </span>
    </td>
  );
}

/** One export; on a phone the table becomes cards, so each cell says what it is (data-label). */
function ExportRow(props: { e: ExportView; policies: Policy[]; app: App; onVerify: () => void }): JSX.Element {
  const { e } = props;
  const [created, cameras, range, why, bytes, state, expires] = HEADINGS;
  return (
    <tr data-export={e.id} data-state={e.state}>
      <td data-label={created}>
        {when(e.createdAt)}
        <br />
        <small>{e.id}</small>
      </td>
      <td data-label={cameras}>{e.cameras.join(', ')}</td>
      <td data-label={range}>{`${when(e.from)} – ${when(e.to)}`}</td>
      <td data-label={why}>
        {e.reason}
        <br />
        <small>{`asked by ${e.requestedBy}; basis: ${e.legalBasis}; made by ${e.createdBy}`}</small>
      </td>
      <td data-label={bytes}>
        {size(e.bytes)}
        {e.files !== null ? <small>{` in ${e.files} file(s)`}</small> : null}
      </td>
      <td class={`state-${e.state}`} data-label={state}>
        {STATE_TEXT[e.state]}
        {e.state === 'failed' && e.error ? <div class="error">{e.error}</div> : null}
        {e.state === 'removed' && e.removalReason ? <small>{` (${e.removalReason})`}</small> : null}
      </td>
      <td data-label={expires}>{e.state === 'ready' ? when(e.expiresAt) : '—'}</td>
      <VerificationCell e={e} onVerify={props.onVerify} />
      <DownloadCell e={e} policies={props.policies} app={props.app} />
    </tr>
  );
}

type Fields = Record<Exclude<FieldName, 'cameras'>, string>;
interface ProgressShown {
  value: number;
  text: string;
  failed: boolean;
}

/** A labelled text field of the form, tied to its hint and its error for screen readers. */
function FormField(props: { name: Exclude<FieldName, 'cameras'>; label: string; hint: string; error: string | undefined; children: (attrs: { id: string; 'aria-describedby': string; 'aria-invalid'?: 'true' }) => JSX.Element }): JSX.Element {
  const id = `export-${props.name}`;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      {props.children({ id, 'aria-describedby': `${id}-hint ${id}-error`, ...(props.error ? { 'aria-invalid': 'true' } : {}) })}
      <small class="hint" id={`${id}-hint`}>
        {props.hint}
      </small>
      <p class="error field-error" id={`${id}-error`}>
        {props.error ?? ''}
      </p>
    </div>
  );
}

function ExportForm(props: { cameras: CameraView[]; setStatus: (text: string) => void; refresh: () => Promise<void> }): JSX.Element {
  const { cameras } = props;
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(cameras.length === 1 ? cameras.map((c) => c.id) : []));
  const [values, setValues] = useState<Fields>(() => {
    const now = Date.now();
    // The next whole minute: the inputs show minutes, and rounding down would leave out the latest footage.
    return { from: localInput(now - 15 * 60_000), to: localInput(Math.ceil((now + 1) / 60_000) * 60_000), reason: '', requestedBy: '', legalBasis: '' };
  });
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [summary, setSummary] = useState('');
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<ProgressShown | null>(null);
  const events = useRef<EventSource | undefined>(undefined);
  const form = useRef<HTMLFormElement>(null);
  const closeEvents = () => {
    events.current?.close();
    events.current = undefined;
  };
  useEffect(() => closeEvents, []);
  const set = (name: keyof Fields) => (e: Event) => {
    const value = (e.currentTarget as HTMLInputElement | HTMLTextAreaElement).value;
    setValues((v) => ({ ...v, [name]: value }));
  };

  const showErrors = (found: Partial<Record<FieldName, string>>) => {
    setErrors(found);
    const messages = Object.values(found);
    setSummary(messages.length ? `Please fix: ${messages.join(' ')}` : '');
    const first = (Object.keys(found) as FieldName[])[0];
    const target = first === 'cameras' ? 'input[name="camera"]' : first ? `#export-${first}` : undefined;
    if (target) form.current?.querySelector<HTMLElement>(target)?.focus();
  };

  const follow = (id: string) => {
    closeEvents();
    setProgress({ value: 0, text: 'Waiting to start…', failed: false });
    const source = new EventSource(`/api/exports/${encodeURIComponent(id)}/events`);
    events.current = source;
    const data = <T,>(ev: Event) => JSON.parse((ev as MessageEvent<string>).data) as T;
    source.addEventListener('state', (ev) => {
      if (data<{ state: string }>(ev).state === 'queued') setProgress((p) => ({ value: p?.value ?? 0, text: 'Waiting for another export to finish…', failed: false }));
    });
    source.addEventListener('progress', (ev) => {
      const p = data<Progress>(ev);
      setProgress({ value: p.percent, text: `${p.percent}% · ${PHASES[p.phase]} (${p.message})`, failed: false });
    });
    source.addEventListener('done', (ev) => {
      const d = data<{ files: number; bytes: number }>(ev);
      closeEvents();
      setProgress({ value: 100, text: `Export ${id} is ready: ${d.files} file(s), ${size(d.bytes)}.`, failed: false });
      setBusy(false);
      void props.refresh();
    });
    source.addEventListener('failed', (ev) => {
      const d = data<{ error: string }>(ev);
      closeEvents();
      setProgress((p) => ({ value: p?.value ?? 0, text: `The export failed: ${d.error}`, failed: true }));
      setBusy(false);
      void props.refresh();
    });
    source.onerror = () => {
      // The stream closes after its last event; a broken connection before that is worth saying.
      if (events.current === source && source.readyState === EventSource.CLOSED) {
        setProgress((p) => ({ value: p?.value ?? 0, text: 'Lost contact with the server; the export may still finish. The list below shows its state.', failed: false }));
        setBusy(false);
      }
    };
  };

  const submit = (e: Event) => {
    e.preventDefault();
    const found: Partial<Record<FieldName, string>> = {};
    if (chosen.size === 0) found.cameras = 'Choose at least one camera.';
    const fromMs = Date.parse(values.from);
    const toMs = Date.parse(values.to);
    if (!Number.isFinite(fromMs)) found.from = 'Give the date and time the footage starts.';
    if (!Number.isFinite(toMs)) found.to = 'Give the date and time the footage ends.';
    else if (Number.isFinite(fromMs) && toMs <= fromMs) found.to = 'The end must be after the start.';
    if (!values.reason.trim()) found.reason = 'Say why this footage is exported.';
    if (!values.requestedBy.trim()) found.requestedBy = 'Say who asked for it.';
    if (!values.legalBasis.trim()) found.legalBasis = 'Give the legal basis for disclosing it.';
    showErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    props.setStatus('');
    void api<{ id: string }>('POST', '/api/exports', {
      cameras: cameras.filter((c) => chosen.has(c.id)).map((c) => c.id),
      from: new Date(fromMs).toISOString(),
      to: new Date(toMs).toISOString(),
      reason: values.reason,
      requestedBy: values.requestedBy,
      legalBasis: values.legalBasis,
    })
      .then((r) => {
        props.setStatus(`Export ${r.id} started.`);
        follow(r.id);
        return props.refresh();
      })
      .catch((err: unknown) => {
        setBusy(false);
        const message = errorText(err);
        const fields = err instanceof ApiError ? err.fields : [];
        if (fields.length > 0) showErrors(Object.fromEntries(fields.map((f) => [f, message])));
        else setSummary(message);
      });
  };

  return (
    <form class="export-form" noValidate onSubmit={submit} ref={form}>
      <div class="error" role="alert" id="export-errors">
        {summary}
      </div>
      <fieldset class="export-cameras" aria-describedby="export-cameras-error">
        <legend>Cameras</legend>
        {cameras.map((c) => (
          <div class="field check" key={c.id}>
            <input
              type="checkbox"
              name="camera"
              value={c.id}
              id={`export-camera-${c.id}`}
              checked={chosen.has(c.id)}
              onChange={(e) => {
                const next = new Set(chosen);
                if (e.currentTarget.checked) next.add(c.id);
                else next.delete(c.id);
                setChosen(next);
              }}
            />
            <label for={`export-camera-${c.id}`}>{cameraLabel(c.name, c.id)}</label>
          </div>
        ))}
        <p class="error field-error" id="export-cameras-error">
          {errors.cameras ?? ''}
        </p>
      </fieldset>
      <div class="export-range">
        <FormField name="from" label="Footage from" hint="Local time. The file starts at the keyframe just before, so a second or two earlier." error={errors.from}>
          {(a) => <input {...a} type="datetime-local" name="from" required value={values.from} onInput={set('from')} />}
        </FormField>
        <FormField name="to" label="Footage to" hint="Local time." error={errors.to}>
          {(a) => <input {...a} type="datetime-local" name="to" required value={values.to} onInput={set('to')} />}
        </FormField>
      </div>
      <FormField name="reason" label="Reason" hint={'What happened, e.g. "theft at the till on 26 Nov, 14:05".'} error={errors.reason}>
        {(a) => <textarea {...a} name="reason" required rows={2} maxLength={2000} value={values.reason} onInput={set('reason')} />}
      </FormField>
      <FormField name="requestedBy" label="Requested by" hint={'Person and organisation, e.g. "Cst. Lee, Vancouver Police, file 26-123".'} error={errors.requestedBy}>
        {(a) => <input {...a} name="requestedBy" required maxLength={2000} autocomplete="off" value={values.requestedBy} onInput={set('requestedBy')} />}
      </FormField>
      <FormField name="legalBasis" label="Legal basis" hint={'The law or consent that allows the disclosure, e.g. "PIPA s.18(1)(j)" or "access request 12".'} error={errors.legalBasis}>
        {(a) => <input {...a} name="legalBasis" required maxLength={2000} autocomplete="off" value={values.legalBasis} onInput={set('legalBasis')} />}
      </FormField>
      <button type="submit" disabled={busy}>
        Create export
      </button>
      <div class="export-progress" hidden={!progress}>
        <progress max={100} value={progress?.value ?? 0} id="export-progress" aria-label="Export progress" />
        <p class={progress?.failed ? 'progress-text error' : 'progress-text'} aria-live="polite">
          {progress?.text ?? ''}
        </p>
      </div>
    </form>
  );
}

/**
 * Exports: a form that will not send without a reason, who asked and the
 * legal basis; a progress bar fed by the server's events; the list with
 * state, expiry and whether each export still verifies against this
 * install's key; a download button when a `download` transfer policy allows it.
 */
function ExportsPage(props: { app: App }): JSX.Element {
  const { app } = props;
  const setup = useLoad(() => Promise.all([api<{ cameras: CameraView[] }>('GET', '/api/cameras').then((r) => r.cameras.filter((c) => c.rights.export)), downloadPolicies(app)]));
  const list = useLoad(loadExports, REFRESH_MS);
  const [status, setStatus] = useState('');
  const verify = (e: ExportView) => {
    setStatus(`Checking export ${e.id}…`);
    void api<{ verification: Verification }>('POST', `/api/exports/${encodeURIComponent(e.id)}/verify`)
      .then((v) => {
        setStatus(v.verification.ok ? `Export ${e.id} verifies.` : `Export ${e.id} does NOT verify.`);
        return list.reload();
      })
      .catch((err: unknown) => setStatus(errorText(err)));
  };
  const exportable = setup.data?.[0];
  const policies = setup.data?.[1] ?? [];
  const exports = list.data;
  return (
    <>
      <h1>Exports</h1>
      <p>
        An export copies recorded footage, unchanged, into signed files anyone can check. Each export needs a reason, who asked for it and the legal basis; all three go into the audit log and the manifest.
        Exports are removed automatically when they expire.
      </p>
      <section aria-labelledby="new-export">
        <h2 id="new-export">New export</h2>
        {setup.error ? (
          <p class="error" role="alert">
            {setup.error}
          </p>
        ) : !exportable ? (
          <p>Loading…</p>
        ) : exportable.length > 0 ? (
          <ExportForm cameras={exportable} setStatus={setStatus} refresh={() => list.reload()} />
        ) : (
          <p class="hint">You have no export right on any camera. The owner can give you one (Users).</p>
        )}
      </section>
      <Status>{status || list.error}</Status>
      <section aria-labelledby="export-list">
        <h2 id="export-list">Exports</h2>
        <p class="hint">{exports && exports.length === 0 ? 'No exports yet.' : ''}</p>
        <div class="scroll">
          <table class="exports">
            <caption class="sr-only">Exports, newest first</caption>
            <ColumnHeads names={HEADINGS} />
            <tbody>
              {(exports ?? []).map((e) => (
                <ExportRow key={e.id} e={e} policies={policies} app={app} onVerify={() => verify(e)} />
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}

export const exportsPage = preactPage(
  {
    path: '/exports',
    title: 'Exports',
    needsUser: true,
    inMenu: (user) => mayOnSomeCamera(user, 'export'),
  },
  ExportsPage,
);
