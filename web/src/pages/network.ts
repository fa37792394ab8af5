import { api } from '../api.js';
import type { Page } from '../app.js';
import { h, replace } from '../dom.js';
import { isManager } from './forms.js';
import { mountOnvifFixes } from './network-onvif.js';

/** "Camera network": whether the cameras can reach the internet, and what each tried (docs/containment.md). */
interface Attempt {
  kind: 'blocked' | 'dns';
  destination: string;
  count: number;
  firstSeen: number;
  lastSeen: number;
}

interface NetworkView {
  status: {
    mode: 'contained' | 'failed' | 'not-contained';
    summary: string;
    fix: string | null;
    interface: string | null;
    subnet: string | null;
    address: string | null;
    daemonRunning: boolean;
    services: { name: string; state: string; restarts: number }[];
  };
  cameras: { camera: string; name: string; contained: boolean; lease: { mac: string; ip: string } | null; attempts: Attempt[] }[];
  unknownDevices: (Attempt & { mac: string; srcIp: string })[];
}

const at = (ms: number) => new Date(ms).toLocaleString();
const BADGE = { contained: ['ok', 'Contained'], failed: ['bad', 'Containment is OFF'], 'not-contained': ['bad', 'Not contained'] } as const;

function attemptsTable(caption: string, attempts: Attempt[]): HTMLElement {
  if (attempts.length === 0) return h('p', {}, 'No attempts to reach beyond Premises seen.');
  return h(
    'div',
    { class: 'scroll' },
    h(
      'table',
      {},
      h('caption', { class: 'sr-only' }, caption),
      h('thead', {}, h('tr', {}, ['What', 'Destination or name', 'Times', 'First', 'Last'].map((x) => h('th', { scope: 'col' }, x)))),
      h(
        'tbody',
        {},
        attempts.map((a) =>
          h('tr', {}, h('td', {}, a.kind === 'dns' ? 'asked for' : 'blocked'), h('td', {}, a.destination), h('td', {}, String(a.count)), h('td', {}, at(a.firstSeen)), h('td', {}, at(a.lastSeen))),
        ),
      ),
    ),
  );
}

export const networkPage: Page = {
  path: '/network',
  title: 'Camera network',
  needsUser: true,
  inMenu: (user) => isManager(user?.role),
  async render(main, app) {
    const owner = app.user?.role === 'owner';
    const v = await api<NetworkView>('GET', '/api/network');
    const [badgeClass, badgeText] = BADGE[v.status.mode];
    replace(
      main,
      h('h1', {}, 'Camera network'),
      h(
        'section',
        { 'aria-labelledby': 'net-status-h' },
        h('h2', { id: 'net-status-h' }, 'Can the cameras reach the internet?'),
        h('p', {}, h('span', { class: `badge ${badgeClass}` }, badgeText), ` ${v.status.summary}.`),
        v.status.fix ? h('p', {}, h('strong', {}, 'What to do: '), v.status.fix) : '',
        v.status.mode === 'contained'
          ? h('p', {}, `Cameras on ${v.status.interface ?? ''} (${v.status.subnet ?? ''}) get their address, names and time from Premises at ${v.status.address ?? ''}. `, v.status.services.map((s) => `${s.name}: ${s.state}${s.restarts ? ` (${s.restarts} restarts)` : ''}`).join(', '))
          : h(
              'div',
              {},
              h('p', {}, 'With one network port, Premises cannot stop a camera sending video or anything else to the internet: the camera talks to your router directly. On a typical router:'),
              h(
                'ul',
                {},
                h('li', {}, 'Put the cameras on their own VLAN or their own Wi-Fi network (often called "IoT" or "guest"), with internet access blocked for it.'),
                h('li', {}, 'Or reserve fixed addresses for the cameras and add a router rule blocking those addresses from the internet.'),
                h('li', {}, "Turn off the cameras' cloud / P2P features and UPnP, on the cameras and on the router."),
              ),
              h('p', {}, 'Best: a second network port on this machine with a PoE switch for the cameras only, and cameraNetwork in the configuration. Premises then enforces it.'),
            ),
      ),
      ...v.cameras.map((c) =>
        h(
          'section',
          { 'aria-labelledby': `net-cam-${c.camera}` },
          h('h2', { id: `net-cam-${c.camera}` }, c.name, ' ', h('span', { class: `badge ${c.contained ? 'ok' : 'bad'}` }, c.contained ? 'contained' : 'not contained')),
          c.lease ? h('p', {}, `Fixed address ${c.lease.ip} (MAC ${c.lease.mac}).`) : h('p', {}, 'No fixed address on the camera network.'),
          attemptsTable(`What ${c.name} tried to reach`, c.attempts),
          owner ? mountOnvifFixes(h('div', {}), c.camera, c.name) : '',
        ),
      ),
      v.unknownDevices.length
        ? h('section', { 'aria-labelledby': 'net-unknown-h' }, h('h2', { id: 'net-unknown-h' }, 'Devices without a lease'), attemptsTable('What unknown devices tried to reach', v.unknownDevices))
        : '',
      h(
        'section',
        { 'aria-labelledby': 'net-onvif-h' },
        h('h2', { id: 'net-onvif-h' }, "The cameras' own settings"),
        h(
          'p',
          {},
          owner
            ? "Each camera added by ONVIF can be checked above: its gateway, time servers, DNS, dynamic DNS and remote discovery. A fix is applied only when you confirm it, is logged, and the camera is read again to see whether it took. On the Premises machine: \"premises network onvif-audit CAMERA\"."
            : 'The owner can check and fix a camera\'s gateway, time servers, dynamic DNS and remote discovery here, or with "premises network onvif-audit CAMERA" on the Premises machine.',
        ),
      ),
    );
  },
};
