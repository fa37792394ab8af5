import { api } from '../api.js';
import type { Page } from '../app.js';
import { h, replace, when } from '../dom.js';
import { errorText, isManager } from './forms.js';

type SignState = 'fresh' | 'stale' | 'unconfirmed' | 'missing' | 'not-covered' | 'not-needed';

interface SignView {
  key: string;
  camera: string | null;
  status: SignState;
  sha256: string | null;
  text: string;
  posted: { at: string; by: string } | null;
}

interface CameraCompliance {
  id: string;
  name: string;
  origin: 'config' | 'index';
  enabled: boolean;
  purposes: string[];
  area: string | null;
  gates: { code: string; reason: string; fix: string }[];
  mayRecordNow: boolean;
  notRecordingBecause: string[];
  retention: { text: string; capText: string; overCap: boolean; justification: string | null; maxBytes: number | null };
  audio: { on: boolean; justification: string | null };
  masks: number;
  schedule: string;
  signage: SignView & { location: string | null };
}

interface ComplianceView {
  business: { name: string; contact: string } | null;
  jurisdiction: { id: string; label: string; defaultRetention: string; cap: string; accessDeadline: string };
  timezone: string;
  cameras: CameraCompliance[];
  signs: SignView[];
  staleSigns: string[];
}

const SIGN_TEXT: Record<SignState, string> = {
  fresh: 'Fresh: the posted sign matches',
  stale: 'STALE: reprint and post',
  unconfirmed: 'Printed, not confirmed as posted',
  missing: 'Not printed yet',
  'not-covered': 'Not on the printed signs',
  'not-needed': 'No sign needed',
};

function signBadge(s: Pick<SignView, 'status'>): HTMLElement {
  return h('span', { class: `badge sign-${s.status}` }, SIGN_TEXT[s.status]);
}

/** Every camera against the rules: purposes, area, gates, retention vs the cap, audio, masks, schedule, signs. */
export const compliancePage: Page = {
  path: '/compliance',
  title: 'Compliance',
  needsUser: true,
  inMenu: (user) => isManager(user?.role),
  async render(main, app) {
    const c = await api<ComplianceView>('GET', '/api/compliance');
    const status = h('p', { role: 'status', class: 'status' });
    const error = h('p', { class: 'error', role: 'alert' });
    const shaOf = new Map(c.signs.map((s) => [s.key, s.sha256]));
    const confirm = (camera: string) => {
      error.textContent = '';
      const keys = camera === 'all' ? c.signs.map((s) => s.key) : [`notice:${camera}`, 'policy', 'staff'];
      const sha256 = Object.fromEntries(keys.map((k) => [k, shaOf.get(k) ?? '']));
      void api<{ staleSigns: string[] }>('POST', `/api/compliance/signage/${encodeURIComponent(camera)}/confirm`, { sha256 })
        .then(() =>
          Promise.resolve(compliancePage.render(main, app)).then(() => {
            const s = main.querySelector('[role="status"]');
            if (s) s.textContent = `Signs for ${camera === 'all' ? 'every camera' : camera} confirmed as posted.`;
            app.refreshBanner();
          }),
        )
        .catch((err: unknown) => {
          error.textContent = errorText(err);
        });
    };
    const signLink = (camera: string, label: string) => h('a', { href: `/api/compliance/signage.html?camera=${encodeURIComponent(camera)}`, target: '_blank', rel: 'noopener' }, label);

    const rows = c.cameras.map((cam) =>
      h(
        'tr',
        { 'data-camera': cam.id },
        h('th', { scope: 'row' }, cam.name, h('br'), h('small', {}, `${cam.id}${cam.origin === 'index' ? ' · added at run time' : ''}`)),
        h('td', {}, cam.purposes.length ? h('ul', { class: 'plain' }, cam.purposes.map((p) => h('li', {}, p))) : h('span', { class: 'badge bad' }, 'No purpose')),
        h('td', {}, cam.area ?? h('span', { class: 'badge bad' }, 'Not set')),
        h(
          'td',
          {},
          cam.gates.length === 0
            ? h('span', { class: 'badge ok' }, 'All pass')
            : h('ul', { class: 'plain' }, cam.gates.map((g) => h('li', {}, h('span', { class: 'badge bad' }, 'Fails'), ` ${g.reason} `, h('small', {}, `To fix: ${g.fix}`)))),
          h('p', { class: 'hint' }, cam.mayRecordNow ? 'Recording allowed now.' : `Not recording now: ${cam.notRecordingBecause.join('; ') || 'disabled'}`),
        ),
        h(
          'td',
          {},
          `${cam.retention.text} (cap ${cam.retention.capText})`,
          cam.retention.overCap ? [' ', h('span', { class: 'badge warn' }, 'Over the cap'), cam.retention.justification ? h('small', {}, ` Justification: ${cam.retention.justification}`) : null] : null,
        ),
        h('td', {}, cam.audio.on ? [h('span', { class: 'badge warn' }, 'Audio ON'), cam.audio.justification ? h('small', {}, ` ${cam.audio.justification}`) : null] : 'Off'),
        h('td', {}, cam.masks ? `${cam.masks} mask${cam.masks === 1 ? '' : 's'}` : 'None'),
        h('td', {}, cam.schedule),
        h(
          'td',
          {},
          signBadge(cam.signage),
          cam.signage.posted ? h('small', {}, ` posted ${when(cam.signage.posted.at)} by ${cam.signage.posted.by}`) : null,
          cam.signage.location ? h('p', { class: 'hint' }, `Where: ${cam.signage.location}`) : null,
          cam.signage.sha256
            ? h(
                'p',
                {},
                signLink(cam.id, `Print the signs for ${cam.name}`),
                ' ',
                cam.signage.status !== 'fresh' ? h('button', { type: 'button', onclick: () => confirm(cam.id) }, `Confirm the ${cam.name} sign is posted`) : null,
              )
            : null,
        ),
      ),
    );

    replace(
      main,
      h('h1', {}, 'Compliance'),
      status,
      error,
      h(
        'dl',
        {},
        h('dt', {}, 'Business'),
        h('dd', {}, c.business ? `${c.business.name} · accountable: ${c.business.contact}` : h('span', { class: 'badge bad' }, 'No business profile: no camera records')),
        h('dt', {}, 'Privacy law'),
        h('dd', {}, c.jurisdiction.label),
        h('dt', {}, 'Retention'),
        h('dd', {}, `default ${c.jurisdiction.defaultRetention}, cap without a justification ${c.jurisdiction.cap}`),
        h('dt', {}, 'Access requests'),
        h('dd', {}, `answered within ${c.jurisdiction.accessDeadline}`),
        h('dt', {}, 'Time zone'),
        h('dd', {}, c.timezone),
      ),
      c.staleSigns.length
        ? h('p', { class: 'badge stale-line sign-stale', role: 'alert' }, `Stale signs: ${c.staleSigns.join(', ')}. Print them again, post them, then confirm.`)
        : null,
      h(
        'p',
        { class: 'actions' },
        signLink('all', 'Print every sign (notices, policy page, staff notice)'),
        ' · ',
        h('a', { href: '/api/compliance/report.html', target: '_blank', rel: 'noopener' }, 'Print the record of processing'),
        ' · ',
        c.signs.some((s) => s.status !== 'fresh') ? h('button', { type: 'button', onclick: () => confirm('all') }, 'Confirm every printed sign is posted') : null,
      ),
      h('p', { class: 'hint' }, 'Confirm only after printing the signs as they are now and putting them up: a sign that changed since it was opened is refused.'),
      h(
        'div',
        { class: 'scroll' },
        h(
          'table',
          { class: 'compliance' },
          h('caption', { class: 'sr-only' }, 'Each camera against the rules'),
          h('thead', {}, h('tr', {}, ['Camera', 'Purposes', 'Area', 'Gates', 'Retention', 'Audio', 'Masks', 'Schedule', 'Sign'].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', {}, rows),
        ),
      ),
      h('h2', {}, 'Policy page and staff notice'),
      h('ul', {}, c.signs.filter((s) => s.camera === null).map((s) => h('li', {}, `${s.key}: `, signBadge(s), ` ${s.text}`))),
    );
  },
};
