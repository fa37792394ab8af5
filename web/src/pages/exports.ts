import './exports.css';
import { cameraLabel } from '../camera-label.js';
import { api, ApiError } from '../api.js';
import type { App, Page } from '../app.js';
import { h, replace, when } from '../dom.js';
import type { CameraView } from '../api.js';
import { downloadExport } from '../download.js';

/**
 * Exports: a form that will not send without a reason, who asked and the
 * legal basis; a progress bar fed by the server's events; the list with
 * state, expiry and whether each export still verifies against this
 * install's key; a download link when a `download` transfer policy allows it.
 */
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

let events: EventSource | undefined;

function closeEvents(): void {
  events?.close();
  events = undefined;
}

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

function verificationCell(e: ExportView, onVerify: () => void): HTMLElement {
  if (e.state !== 'ready') return h('td', {}, '—');
  const v = e.verification;
  const text = !v
    ? 'Not checked yet'
    : v.ok
      ? `Verified: ${v.filesChecked} file(s) match the signed manifest (${when(v.checkedAt)})`
      : `FAILED (${when(v.checkedAt)}): ${v.problems.map((p) => p.message).join('; ')}`;
  return h(
    'td',
    {},
    h('span', { class: v ? (v.ok ? 'verify ok' : 'verify bad') : 'verify' }, text),
    ' ',
    h('button', { type: 'button', class: 'small', onclick: onVerify, 'aria-label': `Check export ${e.id} again` }, 'Check again'),
  );
}

function downloadCell(e: ExportView, policies: Policy[], app: App): HTMLElement {
  if (e.state !== 'ready') return h('td', {}, '—');
  if (policies.length === 0) {
    return h(
      'td',
      { class: 'hint' },
      app.user?.role === 'owner'
        ? ['No download policy yet: ', h('a', { href: '#/transfers' }, 'add one on the Transfers page'), ' ("Add a transfer policy", destination "Download from this dashboard").']
        : 'No download policy allows your role to download exports; ask the owner.',
    );
  }
  const error = h('span', { class: 'error', role: 'alert' });
  const download = (policy: string) => () => {
    error.textContent = '';
    downloadExport(e.id, policy).catch((err: unknown) => {
      error.textContent = err instanceof ApiError ? err.message : String(err);
    });
  };
  if (policies.length === 1) {
    const p = policies[0]!;
    return h('td', {}, h('button', { type: 'button', class: 'button', onclick: download(p.name) }, `Download (policy ${p.name})`), ' ', error);
  }
  const select = h(
    'select',
    { 'aria-label': `Download policy for export ${e.id}` },
    policies.map((p) => h('option', { value: p.name }, p.name)),
  );
  const button = h('button', { type: 'button', class: 'button', onclick: () => download(select.value)() }, 'Download');
  return h('td', {}, select, ' ', button, ' ', error);
}

export const exportsPage: Page = {
  path: '/exports',
  title: 'Exports',
  needsUser: true,
  inMenu: (user) => user !== null && (user.role !== 'viewer' || Object.values(user.cameras).some((r) => r.export)),
  leave: closeEvents,
  async render(main, app) {
    closeEvents();
    const [{ cameras }, policies] = await Promise.all([api<{ cameras: CameraView[] }>('GET', '/api/cameras'), downloadPolicies(app)]);
    const exportable = cameras.filter((c) => c.rights.export);

    const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
    const listBody = h('tbody');
    const listNote = h('p', { class: 'hint' });

    const refresh = async (again = true): Promise<void> => {
      const r = await api<{ exports: ExportView[] }>('GET', '/api/exports');
      replace(
        listBody,
        r.exports.map((e) =>
          h(
            'tr',
            { 'data-export': e.id, 'data-state': e.state },
            h('td', {}, when(e.createdAt), h('br'), h('small', {}, e.id)),
            h('td', {}, e.cameras.join(', ')),
            h('td', {}, when(e.from), ' – ', when(e.to)),
            h('td', {}, e.reason, h('br'), h('small', {}, `asked by ${e.requestedBy}; basis: ${e.legalBasis}; made by ${e.createdBy}`)),
            h('td', {}, size(e.bytes), e.files !== null ? h('small', {}, ` in ${e.files} file(s)`) : null),
            h(
              'td',
              { class: `state-${e.state}` },
              STATE_TEXT[e.state],
              e.state === 'failed' && e.error ? h('div', { class: 'error' }, e.error) : null,
              e.state === 'removed' && e.removalReason ? h('small', {}, ` (${e.removalReason})`) : null,
            ),
            h('td', {}, e.state === 'ready' ? when(e.expiresAt) : '—'),
            verificationCell(e, () => {
              status.textContent = `Checking export ${e.id}…`;
              void api<{ verification: Verification }>('POST', `/api/exports/${encodeURIComponent(e.id)}/verify`)
                .then((v) => {
                  status.textContent = v.verification.ok ? `Export ${e.id} verifies.` : `Export ${e.id} does NOT verify.`;
                  return refresh();
                })
                .catch((err: unknown) => {
                  status.textContent = err instanceof Error ? err.message : String(err);
                });
            }),
            downloadCell(e, policies, app),
          ),
        ),
      );
      // On a phone the table becomes cards: each cell says what it is.
      for (const row of listBody.rows) [...row.cells].forEach((cell, i) => cell.setAttribute('data-label', HEADINGS[i] ?? ''));
      listNote.textContent = r.exports.length === 0 ? 'No exports yet.' : '';
      // A new export is checked once by the server; reading it waits for that check. Then draw the list again, once.
      const unchecked = r.exports.filter((x) => x.state === 'ready' && !x.verification).slice(0, 3);
      if (again && unchecked.length > 0) {
        const read = await Promise.allSettled(unchecked.map((e) => api('GET', `/api/exports/${encodeURIComponent(e.id)}`)));
        if (read.some((x) => x.status === 'fulfilled')) await refresh(false);
      }
    };

    const form = exportable.length > 0 ? exportForm(exportable, status, refresh) : h('p', { class: 'hint' }, 'You have no export right on any camera. The owner can give you one (Users).');

    replace(
      main,
      h('h1', {}, 'Exports'),
      h(
        'p',
        {},
        'An export copies recorded footage, unchanged, into signed files anyone can check. Each export needs a reason, who asked for it and the legal basis; all three go into the audit log and the manifest. Exports are removed automatically when they expire.',
      ),
      h('section', { 'aria-labelledby': 'new-export' }, h('h2', { id: 'new-export' }, 'New export'), form),
      status,
      h(
        'section',
        { 'aria-labelledby': 'export-list' },
        h('h2', { id: 'export-list' }, 'Exports'),
        listNote,
        h(
          'div',
          { class: 'scroll' },
          h(
            'table',
            { class: 'exports' },
            h('caption', { class: 'sr-only' }, 'Exports, newest first'),
            h('thead', {}, h('tr', {}, HEADINGS.map((t) => h('th', { scope: 'col' }, t)))),
            listBody,
          ),
        ),
      ),
    );
    await refresh();
  },
};

function exportForm(cameras: CameraView[], status: HTMLElement, refresh: () => Promise<void>): HTMLElement {
  const now = Date.now();
  const errors = new Map<FieldName, HTMLElement>();
  const errorFor = (name: FieldName) => {
    const el = h('p', { class: 'error field-error', id: `export-${name}-error` });
    errors.set(name, el);
    return el;
  };
  const boxes = cameras.map((c) => h('input', { type: 'checkbox', name: 'camera', value: c.id, id: `export-camera-${c.id}`, checked: cameras.length === 1 }));
  const from = h('input', { type: 'datetime-local', id: 'export-from', name: 'from', required: true, value: localInput(now - 15 * 60_000) });
  // The next whole minute: the inputs show minutes, and rounding down would leave out the latest footage.
  const to = h('input', { type: 'datetime-local', id: 'export-to', name: 'to', required: true, value: localInput(Math.ceil((now + 1) / 60_000) * 60_000) });
  const reason = h('textarea', { id: 'export-reason', name: 'reason', required: true, rows: 2, maxlength: 2000 });
  const requestedBy = h('input', { id: 'export-requestedBy', name: 'requestedBy', required: true, maxlength: 2000, autocomplete: 'off' });
  const legalBasis = h('input', { id: 'export-legalBasis', name: 'legalBasis', required: true, maxlength: 2000, autocomplete: 'off' });
  const inputs: Record<Exclude<FieldName, 'cameras'>, HTMLInputElement | HTMLTextAreaElement> = { from, to, reason, requestedBy, legalBasis };
  const bar = h('progress', { max: 100, value: 0, id: 'export-progress', 'aria-label': 'Export progress' });
  const barText = h('p', { class: 'progress-text', 'aria-live': 'polite' });
  const progressBox = h('div', { class: 'export-progress', hidden: true }, bar, barText);
  const submit = h('button', { type: 'submit' }, 'Create export');
  const summary = h('div', { class: 'error', role: 'alert', id: 'export-errors' });

  const labelled = (name: Exclude<FieldName, 'cameras'>, label: string, hint: string) => {
    const input = inputs[name];
    const hintEl = h('small', { class: 'hint', id: `export-${name}-hint` }, hint);
    input.setAttribute('aria-describedby', `export-${name}-hint export-${name}-error`);
    return h('div', { class: 'field' }, h('label', { for: input.id }, label), input, hintEl, errorFor(name));
  };

  const showErrors = (found: Partial<Record<FieldName, string>>) => {
    for (const [name, el] of errors) {
      el.textContent = found[name] ?? '';
      const input = name === 'cameras' ? undefined : inputs[name];
      if (input) {
        if (found[name]) input.setAttribute('aria-invalid', 'true');
        else input.removeAttribute('aria-invalid');
      }
    }
    const messages = Object.values(found);
    summary.textContent = messages.length ? `Please fix: ${messages.join(' ')}` : '';
    const first = (Object.keys(found) as FieldName[])[0];
    if (first === 'cameras') boxes[0]?.focus();
    else if (first) inputs[first].focus();
  };

  const follow = (id: string) => {
    closeEvents();
    progressBox.hidden = false;
    bar.value = 0;
    barText.textContent = 'Waiting to start…';
    events = new EventSource(`/api/exports/${encodeURIComponent(id)}/events`);
    events.addEventListener('state', (ev) => {
      const s = JSON.parse((ev as MessageEvent<string>).data) as { state: string };
      if (s.state === 'queued') barText.textContent = 'Waiting for another export to finish…';
    });
    events.addEventListener('progress', (ev) => {
      const p = JSON.parse((ev as MessageEvent<string>).data) as Progress;
      bar.value = p.percent;
      barText.textContent = `${p.percent}% · ${PHASES[p.phase]} (${p.message})`;
    });
    events.addEventListener('done', (ev) => {
      const d = JSON.parse((ev as MessageEvent<string>).data) as { files: number; bytes: number };
      closeEvents();
      bar.value = 100;
      barText.textContent = `Export ${id} is ready: ${d.files} file(s), ${size(d.bytes)}.`;
      submit.disabled = false;
      void refresh();
    });
    events.addEventListener('failed', (ev) => {
      const d = JSON.parse((ev as MessageEvent<string>).data) as { error: string };
      closeEvents();
      barText.textContent = `The export failed: ${d.error}`;
      barText.classList.add('error');
      submit.disabled = false;
      void refresh();
    });
    events.onerror = () => {
      // The stream closes after its last event; a broken connection before that is worth saying.
      if (events && events.readyState === EventSource.CLOSED) {
        barText.textContent = 'Lost contact with the server; the export may still finish. The list below shows its state.';
        submit.disabled = false;
      }
    };
  };

  return h(
    'form',
    {
      class: 'export-form',
      novalidate: true,
      onsubmit: (e: Event) => {
        e.preventDefault();
        const chosen = boxes.filter((b) => b.checked).map((b) => b.value);
        const found: Partial<Record<FieldName, string>> = {};
        if (chosen.length === 0) found.cameras = 'Choose at least one camera.';
        const fromMs = Date.parse(from.value);
        const toMs = Date.parse(to.value);
        if (!Number.isFinite(fromMs)) found.from = 'Give the date and time the footage starts.';
        if (!Number.isFinite(toMs)) found.to = 'Give the date and time the footage ends.';
        else if (Number.isFinite(fromMs) && toMs <= fromMs) found.to = 'The end must be after the start.';
        if (!reason.value.trim()) found.reason = 'Say why this footage is exported.';
        if (!requestedBy.value.trim()) found.requestedBy = 'Say who asked for it.';
        if (!legalBasis.value.trim()) found.legalBasis = 'Give the legal basis for disclosing it.';
        showErrors(found);
        if (Object.keys(found).length > 0) return;
        submit.disabled = true;
        barText.classList.remove('error');
        status.textContent = '';
        void api<{ id: string }>('POST', '/api/exports', {
          cameras: chosen,
          from: new Date(fromMs).toISOString(),
          to: new Date(toMs).toISOString(),
          reason: reason.value,
          requestedBy: requestedBy.value,
          legalBasis: legalBasis.value,
        })
          .then((r) => {
            status.textContent = `Export ${r.id} started.`;
            follow(r.id);
            return refresh();
          })
          .catch((err: unknown) => {
            submit.disabled = false;
            const message = err instanceof Error ? err.message : String(err);
            const fields = err instanceof ApiError ? err.fields : [];
            if (fields.length > 0) showErrors(Object.fromEntries(fields.map((f) => [f, message])));
            else summary.textContent = message;
          });
      },
    },
    summary,
    h(
      'fieldset',
      { class: 'export-cameras', 'aria-describedby': 'export-cameras-error' },
      h('legend', {}, 'Cameras'),
      cameras.map((c, i) => h('div', { class: 'field check' }, boxes[i], h('label', { for: boxes[i]!.id }, cameraLabel(c.name, c.id)))),
      errorFor('cameras'),
    ),
    h(
      'div',
      { class: 'export-range' },
      labelled('from', 'Footage from', 'Local time. The file starts at the keyframe just before, so a second or two earlier.'),
      labelled('to', 'Footage to', 'Local time.'),
    ),
    labelled('reason', 'Reason', 'What happened, e.g. "theft at the till on 26 Nov, 14:05".'),
    labelled('requestedBy', 'Requested by', 'Person and organisation, e.g. "Cst. Lee, Vancouver Police, file 26-123".'),
    labelled('legalBasis', 'Legal basis', 'The law or consent that allows the disclosure, e.g. "PIPA s.18(1)(j)" or "access request 12".'),
    submit,
    progressBox,
  );
}
