import type { JSX } from 'preact';
import { api } from '../api.js';
import { useLoad } from '../hooks.js';
import { preactPage } from '../preact-page.js';
import { ColumnHeads, ErrorLine } from '../ui.js';
import type { App } from '../app.js';
import { isManager } from './forms.js';
import { OnvifFixes } from './network-onvif.js';

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

/** New attempts and a containment that failed show without a reload. */
const REFRESH_MS = 30_000;
const at = (ms: number) => new Date(ms).toLocaleString();
const BADGE = { contained: ['ok', 'Contained'], failed: ['bad', 'Containment is OFF'], 'not-contained': ['bad', 'Not contained'] } as const;

function AttemptsTable(props: { caption: string; attempts: (Attempt & { mac?: string })[] }): JSX.Element {
  if (props.attempts.length === 0) return <p>No attempts to reach beyond Premises seen.</p>;
  return (
    <div class="scroll">
      <table>
        <caption class="sr-only">{props.caption}</caption>
        <ColumnHeads names={['What', 'Destination or name', 'Times', 'First', 'Last']} />
        <tbody>
          {props.attempts.map((a) => (
            <tr key={`${a.mac ?? ''} ${a.kind} ${a.destination}`}>
              <td>{a.kind === 'dns' ? 'asked for' : 'blocked'}</td>
              <td>{a.destination}</td>
              <td>{String(a.count)}</td>
              <td>{at(a.firstSeen)}</td>
              <td>{at(a.lastSeen)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function StatusSection(props: { status: NetworkView['status'] }): JSX.Element {
  const s = props.status;
  const [badgeClass, badgeText] = BADGE[s.mode];
  return (
    <section aria-labelledby="net-status-h">
      <h2 id="net-status-h">Can the cameras reach the internet?</h2>
      <p>
        <span class={`badge ${badgeClass}`}>{badgeText}</span>
        {` ${s.summary}.`}
      </p>
      {s.fix ? (
        <p>
          <strong>What to do: </strong>
          {s.fix}
        </p>
      ) : null}
      {s.mode === 'contained' ? (
        <p>
          {`Cameras on ${s.interface ?? ''} (${s.subnet ?? ''}) get their address, names and time from Premises at ${s.address ?? ''}. `}
          {s.services.map((x) => `${x.name}: ${x.state}${x.restarts ? ` (${x.restarts} restarts)` : ''}`).join(', ')}
        </p>
      ) : (
        <div>
          <p>With one network port, Premises cannot stop a camera sending video or anything else to the internet: the camera talks to your router directly. On a typical router:</p>
          <ul>
            <li>Put the cameras on their own VLAN or their own Wi-Fi network (often called "IoT" or "guest"), with internet access blocked for it.</li>
            <li>Or reserve fixed addresses for the cameras and add a router rule blocking those addresses from the internet.</li>
            <li>Turn off the cameras' cloud / P2P features and UPnP, on the cameras and on the router.</li>
          </ul>
          <p>Best: a second network port on this machine with a PoE switch for the cameras only, and cameraNetwork in the configuration. Premises then enforces it.</p>
        </div>
      )}
    </section>
  );
}

function CameraSection(props: { camera: NetworkView['cameras'][number]; owner: boolean }): JSX.Element {
  const c = props.camera;
  return (
    <section aria-labelledby={`net-cam-${c.camera}`}>
      <h2 id={`net-cam-${c.camera}`}>
        {c.name} <span class={`badge ${c.contained ? 'ok' : 'bad'}`}>{c.contained ? 'contained' : 'not contained'}</span>
      </h2>
      {c.lease ? <p>{`Fixed address ${c.lease.ip} (MAC ${c.lease.mac}).`}</p> : <p>No fixed address on the camera network.</p>}
      <AttemptsTable caption={`What ${c.name} tried to reach`} attempts={c.attempts} />
      {props.owner ? <OnvifFixes camera={c.camera} name={c.name} /> : null}
    </section>
  );
}

function NetworkPage(props: { app: App }): JSX.Element {
  const owner = props.app.user?.role === 'owner';
  const view = useLoad(() => api<NetworkView>('GET', '/api/network'), REFRESH_MS);
  const v = view.data;
  return (
    <>
      <h1>Camera network</h1>
      <ErrorLine error={view.error} />
      {!v ? (
        view.error ? null : <p>Loading…</p>
      ) : (
        <>
          <StatusSection status={v.status} />
          {v.cameras.map((c) => (
            <CameraSection key={c.camera} camera={c} owner={owner} />
          ))}
          {v.unknownDevices.length ? (
            <section aria-labelledby="net-unknown-h">
              <h2 id="net-unknown-h">Devices without a lease</h2>
              <AttemptsTable caption="What unknown devices tried to reach" attempts={v.unknownDevices} />
            </section>
          ) : null}
          <section aria-labelledby="net-onvif-h">
            <h2 id="net-onvif-h">The cameras' own settings</h2>
            <p>
              {owner
                ? 'Each camera added by ONVIF can be checked above: its gateway, time servers, DNS, dynamic DNS and remote discovery. A fix is applied only when you confirm it, is logged, and the camera is read again to see whether it took. On the Premises machine: "premises network onvif-audit CAMERA".'
                : 'The owner can check and fix a camera\'s gateway, time servers, dynamic DNS and remote discovery here, or with "premises network onvif-audit CAMERA" on the Premises machine.'}
            </p>
          </section>
        </>
      )}
    </>
  );
}

export const networkPage = preactPage({ path: '/network', title: 'Camera network', needsUser: true, inMenu: (user) => isManager(user?.role) }, NetworkPage);
