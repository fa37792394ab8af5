import { api } from '../api.js';
import type { App, Page } from '../app.js';
import { field, h, replace, when } from '../dom.js';
import { scopeSection } from './scope.js';

export interface CameraView {
  id: string;
  name: string;
  origin: 'config' | 'index';
  state: string;
  recording: boolean;
  lastSegmentAt: string | null;
  bitrateBps: number | null;
  restarts: number;
  notRecordingReason: string | null;
  holds: { code: string; message: string; fix: string }[];
  paused: { reason: string; since: string | null; until: string | null; by: string } | null;
  rights: { live: boolean; playback: boolean; export: boolean; pause: boolean; resume: boolean; scope: boolean };
}

interface DiscoveryView {
  running: boolean;
  startedAt: string | null;
  finishedAt: string | null;
  devices: { xaddr: string; manufacturer: string | null; model: string | null; name: string | null; interface: string }[];
  problems: { message: string }[];
  interfaces: string[];
  error: string | null;
}

const REFRESH_MS = 5_000;
let timer: number | undefined;

function pauseForm(camera: CameraView, after: () => void, status: HTMLElement): HTMLElement {
  const reason = h('input', { name: 'reason', required: true, maxlength: 500 });
  const duration = h(
    'select',
    { name: 'for' },
    h('option', { value: '' }, 'until resumed'),
    h('option', { value: '15m' }, '15 minutes'),
    h('option', { value: '1h' }, '1 hour'),
    h('option', { value: '4h' }, '4 hours'),
  );
  return h(
    'form',
    {
      class: 'pause',
      onsubmit: (e: Event) => {
        e.preventDefault();
        void api('POST', `/api/cameras/${encodeURIComponent(camera.id)}/pause`, { reason: reason.value, ...(duration.value ? { for: duration.value } : {}) })
          .then(() => {
            status.textContent = `${camera.name} paused.`;
            after();
          })
          .catch((err: unknown) => {
            status.textContent = err instanceof Error ? err.message : String(err);
          });
      },
    },
    field(`Why pause ${camera.name}?`, reason, 'Goes into the audit log, e.g. "customer asked not to be filmed".'),
    field('For how long', duration),
    h('button', { type: 'submit' }, `Pause ${camera.name}`),
  );
}

function cameraCard(c: CameraView, after: () => void, status: HTMLElement): HTMLElement {
  const state = c.paused ? 'Paused' : c.recording ? 'Recording' : 'Not recording';
  return h(
    'article',
    { class: 'camera', 'aria-labelledby': `cam-${c.id}`, 'data-camera': c.id },
    h('h2', { id: `cam-${c.id}` }, c.name, ' ', h('small', {}, `(${c.id})`)),
    h('p', { class: `state ${c.paused ? 'paused' : c.recording ? 'ok' : 'bad'}`, 'data-state': c.state }, state),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'Last segment'),
      h('dd', {}, when(c.lastSegmentAt)),
      h('dt', {}, 'Bitrate'),
      h('dd', {}, c.bitrateBps ? `${(c.bitrateBps / 1e6).toFixed(2)} Mbit/s` : '—'),
      h('dt', {}, 'Restarts'),
      h('dd', {}, String(c.restarts)),
    ),
    c.paused ? h('p', {}, `Paused by ${c.paused.by} since ${when(c.paused.since)}${c.paused.until ? ` until ${when(c.paused.until)}` : ''}: ${c.paused.reason}`) : null,
    c.holds.length
      ? h(
          'section',
          { class: 'holds' },
          h('h3', {}, 'Why it does not record'),
          h(
            'ul',
            {},
            c.holds.map((hold) => h('li', {}, h('p', {}, hold.message), h('p', { class: 'fix' }, h('strong', {}, 'To fix: '), hold.fix))),
          ),
        )
      : !c.recording && c.notRecordingReason
        ? h('p', { class: 'hint' }, c.notRecordingReason)
        : null,
    c.paused
      ? c.rights.resume
        ? h(
            'button',
            {
              type: 'button',
              onclick: () => {
                void api('POST', `/api/cameras/${encodeURIComponent(c.id)}/resume`)
                  .then(() => {
                    status.textContent = `${c.name} resumed.`;
                    after();
                  })
                  .catch((err: unknown) => {
                    status.textContent = err instanceof Error ? err.message : String(err);
                  });
              },
            },
            `Resume ${c.name}`,
          )
        : h('p', { class: 'hint' }, 'A manager or the owner can resume it.')
      : c.rights.pause
        ? h('details', {}, h('summary', {}, 'Privacy pause'), pauseForm(c, after, status))
        : null,
    c.rights.scope ? scopeSection(c.id, c.name, status, after) : null,
  );
}

/**
 * Add a camera: from a search result (its ONVIF address) or by a stream URL.
 * The camera then waits for its purpose, area and sign before it records.
 */
function addForm(target: { xaddr: string } | { rtsp: true }, label: string, suggestedName: string, added: (message: string) => void): HTMLElement {
  const name = h('input', { name: 'name', value: suggestedName, maxlength: 200 });
  const id = h('input', { name: 'id', maxlength: 64, pattern: '[a-z0-9][a-z0-9-]*' });
  const rtsp = 'rtsp' in target ? h('input', { name: 'rtsp', required: true, placeholder: 'rtsp://192.168.1.20:554/stream1', maxlength: 1000 }) : null;
  const username = h('input', { name: 'username', autocomplete: 'off', maxlength: 200 });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'new-password', maxlength: 4096 });
  const out = h('p', { role: 'status', 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit' }, `Add ${label}`);
  return h(
    'form',
    {
      class: 'add-camera',
      onsubmit: (e: Event) => {
        e.preventDefault();
        submit.disabled = true;
        out.textContent = 'Asking the camera for its streams…';
        const body = {
          ...('xaddr' in target ? { xaddr: target.xaddr } : { rtsp: rtsp?.value }),
          ...(name.value ? { name: name.value } : {}),
          ...(id.value ? { id: id.value } : {}),
          ...(username.value ? { username: username.value, password: password.value } : {}),
        };
        void api<{ camera: { id: string; name: string }; warnings: string[] }>('POST', '/api/cameras', body)
          .then((r) => {
            password.value = '';
            out.textContent = '';
            // Fold the form away: an open form holds back the page's refresh, and the new camera should appear above.
            const details = submit.closest('details');
            if (details) details.open = false;
            submit.blur();
            added(`Added ${r.camera.name} (${r.camera.id}). It records once its purposes, area and sign are filled in below.${r.warnings.length ? ` Note: ${r.warnings.join(' ')}` : ''}`);
          })
          .catch((err: unknown) => {
            out.textContent = err instanceof Error ? err.message : String(err);
          })
          .finally(() => {
            submit.disabled = false;
          });
      },
    },
    rtsp ? field('Stream URL', rtsp, 'Without the password: give it below.') : null,
    field(`Name of ${label}`, name, 'Shown on the dashboard and the signs, e.g. "Back door".'),
    field(`Short id of ${label}`, id, 'Optional: letters, digits and dashes; made from the name if left empty.'),
    field(`Camera user name for ${label}`, username),
    field(`Camera password for ${label}`, password, 'Stored encrypted on this machine, never shown again.'),
    submit,
    out,
  );
}

function discoverySection(canAdd: boolean, added: (message: string) => void): HTMLElement {
  const out = h('div', { role: 'status', 'aria-live': 'polite' });
  const button = h('button', { type: 'button' }, 'Search the network for cameras');
  const show = (d: DiscoveryView) => {
    replace(
      out,
      d.running ? h('p', {}, 'Searching… (about 3 seconds)') : null,
      d.error ? h('p', { class: 'error' }, d.error) : null,
      !d.running && d.finishedAt
        ? d.devices.length
          ? h(
              'ul',
              { class: 'found' },
              d.devices.map((x) => {
                const what = [x.manufacturer, x.model].filter(Boolean).join(' ') || 'Unknown camera';
                return h(
                  'li',
                  { 'data-xaddr': x.xaddr },
                  `${what} at ${x.xaddr} (${x.interface})`,
                  canAdd ? h('details', {}, h('summary', {}, `Add ${what}`), addForm({ xaddr: x.xaddr }, what, x.name ?? what, added)) : null,
                );
              }),
            )
          : h('p', {}, d.interfaces.length ? 'No camera answered.' : 'No network interface could be searched.')
        : null,
      d.problems.map((p) => h('p', { class: 'hint' }, p.message)),
      !d.running && d.devices.length && !canAdd ? h('p', { class: 'hint' }, 'The owner can add these cameras.') : null,
    );
  };
  button.addEventListener('click', () => {
    button.disabled = true;
    void api<{ discovery: DiscoveryView }>('POST', '/api/discovery')
      .then(async (r) => {
        show(r.discovery);
        let d = r.discovery;
        while (d.running) {
          await new Promise((resolve) => setTimeout(resolve, 700));
          d = (await api<{ discovery: DiscoveryView }>('GET', '/api/discovery')).discovery;
          show(d);
        }
      })
      .catch((err: unknown) => replace(out, h('p', { class: 'error' }, err instanceof Error ? err.message : String(err))))
      .finally(() => {
        button.disabled = false;
      });
  });
  return h(
    'section',
    { class: 'discovery', 'aria-labelledby': 'disc-h' },
    h('h2', { id: 'disc-h' }, 'Find cameras'),
    button,
    out,
    canAdd ? h('details', {}, h('summary', {}, 'Add a camera by its stream URL'), addForm({ rtsp: true }, 'the camera', '', added)) : null,
  );
}

async function draw(main: HTMLElement, app: App, status: HTMLElement, list: HTMLElement): Promise<void> {
  const { cameras } = await api<{ cameras: CameraView[] }>('GET', '/api/cameras');
  const again = () => void draw(main, app, status, list);
  replace(list, cameras.length ? cameras.map((c) => cameraCard(c, again, status)) : h('p', {}, 'No cameras yet. Search the network below, add one by its stream URL, or list it under cameras: in the configuration.'));
}

export const camerasPage: Page = {
  path: '/cameras',
  title: 'Cameras',
  needsUser: true,
  inMenu: (user) => user !== null,
  async render(main, app) {
    const status = h('p', { role: 'status', class: 'status', id: 'camera-status' });
    const list = h('div', { class: 'cameras' });
    const added = (message: string) => {
      status.textContent = message;
      // The recorder picks the new camera up within a few seconds; show it once it does.
      window.setTimeout(() => void draw(main, app, status, list).catch(() => undefined), 2_500);
    };
    replace(main, h('h1', {}, 'Cameras'), status, list, app.user && app.user.role !== 'viewer' ? discoverySection(app.user.role === 'owner', added) : null);
    await draw(main, app, status, list);
    window.clearInterval(timer);
    // Refresh, but never under the user's fingers: skip while a form field has focus or a pause form is open.
    timer = window.setInterval(() => {
      const active = document.activeElement;
      const busy = (active && list.contains(active) && active.tagName !== 'BUTTON') || list.querySelector('details[open]') !== null;
      if (!busy) void draw(main, app, status, list).catch(() => undefined);
    }, REFRESH_MS);
  },
  leave() {
    window.clearInterval(timer);
  },
};
