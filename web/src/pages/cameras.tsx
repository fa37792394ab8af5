import type { JSX } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { api, type CameraView, type DiscoveryView } from '../api.js';
import type { App } from '../app.js';
import { cameraLabel } from '../camera-label.js';
import { when } from '../format.js';
import { useLoad } from '../hooks.js';
import { preactPage } from '../preact-page.js';
import { Field } from '../ui.js';
import { errorText } from './forms.js';
import { ScopeSections } from './scope.js';

const REFRESH_MS = 5_000;

type Done = (message: string) => void;

function PauseForm(props: { camera: CameraView; done: Done; fail: (err: unknown) => void }): JSX.Element {
  const c = props.camera;
  const [reason, setReason] = useState('');
  const [duration, setDuration] = useState('');
  const submit = (e: Event) => {
    e.preventDefault();
    void api('POST', `/api/cameras/${encodeURIComponent(c.id)}/pause`, { reason, ...(duration ? { for: duration } : {}) })
      .then(() => props.done(`${c.name} paused.`))
      .catch(props.fail);
  };
  return (
    <form class="pause" onSubmit={submit}>
      <Field label={`Why pause ${c.name}?`} hint='Goes into the audit log, e.g. "customer asked not to be filmed".'>
        {(id, hint) => <input id={id} aria-describedby={hint} name="reason" required maxLength={500} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />}
      </Field>
      <Field label="For how long">
        {(id) => (
          <select id={id} name="for" value={duration} onChange={(e) => setDuration(e.currentTarget.value)}>
            <option value="">until resumed</option>
            <option value="15m">15 minutes</option>
            <option value="1h">1 hour</option>
            <option value="4h">4 hours</option>
          </select>
        )}
      </Field>
      <button type="submit">{`Pause ${c.name}`}</button>
    </form>
  );
}

function CameraCard(props: { camera: CameraView; done: Done; fail: (err: unknown) => void }): JSX.Element {
  const c = props.camera;
  const state = c.paused ? 'Paused' : c.recording ? 'Recording' : 'Not recording';
  const resume = () =>
    void api('POST', `/api/cameras/${encodeURIComponent(c.id)}/resume`)
      .then(() => props.done(`${c.name} resumed.`))
      .catch(props.fail);
  return (
    <article class="camera" aria-labelledby={`cam-${c.id}`} data-camera={c.id}>
      <h2 id={`cam-${c.id}`}>
        {c.name}
        {/* A name that carries its id already ("Front entrance (demo)") does not get it twice. */}
        {cameraLabel(c.name, c.id) === c.name ? null : (
          <>
            {' '}
            <small>{`(${c.id})`}</small>
          </>
        )}
      </h2>
      <p class={`state ${c.paused ? 'paused' : c.recording ? 'ok' : 'bad'}`} data-state={c.state}>
        {state}
      </p>
      <dl class="facts">
        <dt>Last segment</dt>
        <dd data-fact="last-segment">{when(c.lastSegmentAt)}</dd>
        <dt>Bitrate</dt>
        <dd>{c.bitrateBps ? `${(c.bitrateBps / 1e6).toFixed(2)} Mbit/s` : '—'}</dd>
        <dt>Restarts</dt>
        <dd>{c.restarts}</dd>
      </dl>
      {c.paused ? <p>{`Paused by ${c.paused.by} since ${when(c.paused.since)}${c.paused.until ? ` until ${when(c.paused.until)}` : ''}: ${c.paused.reason}`}</p> : null}
      {c.holds.length ? (
        <section class="holds">
          <h3>Why it does not record</h3>
          <ul>
            {c.holds.map((hold) => (
              <li key={hold.code}>
                <p>{hold.message}</p>
                <p class="fix">
                  <strong>To fix: </strong>
                  {hold.fix}
                </p>
              </li>
            ))}
          </ul>
        </section>
      ) : !c.recording && c.notRecordingReason ? (
        <p class="hint">{c.notRecordingReason}</p>
      ) : null}
      {c.paused ? (
        c.rights.resume ? (
          <button type="button" onClick={resume}>
            {`Resume ${c.name}`}
          </button>
        ) : (
          <p class="hint">A manager or the owner can resume it.</p>
        )
      ) : c.rights.pause ? (
        <details>
          <summary>Privacy pause</summary>
          <PauseForm camera={c} done={props.done} fail={props.fail} />
        </details>
      ) : null}
      {c.rights.scope ? <ScopeSections cameraId={c.id} cameraName={c.name} done={props.done} /> : null}
    </article>
  );
}

/**
 * Add a camera: from a search result (its ONVIF address) or by a stream URL.
 * The camera then waits for its purpose, area and sign before it records.
 */
function AddForm(props: { target: { xaddr: string } | { rtsp: true }; label: string; suggestedName: string; added: Done }): JSX.Element {
  const { target, label } = props;
  const [v, setV] = useState<Record<string, string>>({ name: props.suggestedName });
  const [out, setOut] = useState('');
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const set = (key: string) => (e: { currentTarget: HTMLInputElement }) => setV({ ...v, [key]: e.currentTarget.value });
  const submit = (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setOut('Asking the camera for its streams…');
    const body = {
      ...('xaddr' in target ? { xaddr: target.xaddr } : { rtsp: v['rtsp'], ...(v['subRtsp'] ? { subRtsp: v['subRtsp'] } : {}) }),
      ...(v['name'] ? { name: v['name'] } : {}),
      ...(v['id'] ? { id: v['id'] } : {}),
      ...(v['username'] ? { username: v['username'], password: v['password'] ?? '' } : {}),
    };
    void api<{ camera: { id: string; name: string }; warnings: string[] }>('POST', '/api/cameras', body)
      .then((r) => {
        setV({ ...v, password: '' });
        setOut('');
        // Fold the form away: the new camera appears above.
        const details = form.current?.closest('details');
        if (details) details.open = false;
        props.added(`Added ${r.camera.name} (${r.camera.id}). It records once its purposes, area and sign are filled in below.${r.warnings.length ? ` Note: ${r.warnings.join(' ')}` : ''}`);
      })
      .catch((err: unknown) => setOut(errorText(err)))
      .finally(() => setBusy(false));
  };
  return (
    <form class="add-camera" ref={form} onSubmit={submit}>
      {'rtsp' in target ? (
        <Field label="Stream URL" hint="Without the password: give it below.">
          {(id, hint) => <input id={id} aria-describedby={hint} name="rtsp" required placeholder="rtsp://192.168.1.20:554/stream1" maxLength={1000} value={v['rtsp'] ?? ''} onInput={set('rtsp')} />}
        </Field>
      ) : null}
      {'rtsp' in target ? (
        <Field label="Sub stream URL" hint="Optional: the camera's smaller second stream, shown in the live grid's tiles. Same user name and password.">
          {(id, hint) => <input id={id} aria-describedby={hint} name="subRtsp" placeholder="rtsp://192.168.1.20:554/stream2" maxLength={1000} value={v['subRtsp'] ?? ''} onInput={set('subRtsp')} />}
        </Field>
      ) : null}
      <Field label={`Name of ${label}`} hint='Shown on the dashboard and the signs, e.g. "Back door".'>
        {(id, hint) => <input id={id} aria-describedby={hint} name="name" maxLength={200} value={v['name'] ?? ''} onInput={set('name')} />}
      </Field>
      <Field label={`Short id of ${label}`} hint="Optional: letters, digits and dashes; made from the name if left empty.">
        {(id, hint) => <input id={id} aria-describedby={hint} name="id" maxLength={64} pattern="[a-z0-9][a-z0-9-]*" value={v['id'] ?? ''} onInput={set('id')} />}
      </Field>
      <Field label={`Camera user name for ${label}`}>{(id) => <input id={id} name="username" autocomplete="off" maxLength={200} value={v['username'] ?? ''} onInput={set('username')} />}</Field>
      <Field label={`Camera password for ${label}`} hint="Stored encrypted on this machine, never shown again.">
        {(id, hint) => <input id={id} aria-describedby={hint} name="password" type="password" autocomplete="new-password" maxLength={4096} value={v['password'] ?? ''} onInput={set('password')} />}
      </Field>
      <button type="submit" disabled={busy}>{`Add ${label}`}</button>
      <p role="status" aria-live="polite">
        {out}
      </p>
    </form>
  );
}

function Discovery(props: { canAdd: boolean; added: Done }): JSX.Element {
  const [d, setD] = useState<DiscoveryView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const search = () => {
    setBusy(true);
    setError(null);
    void api<{ discovery: DiscoveryView }>('POST', '/api/discovery')
      .then(async (r) => {
        let now = r.discovery;
        setD(now);
        while (now.running) {
          await new Promise((resolve) => setTimeout(resolve, 700));
          now = (await api<{ discovery: DiscoveryView }>('GET', '/api/discovery')).discovery;
          setD(now);
        }
      })
      .catch((err: unknown) => setError(errorText(err)))
      .finally(() => setBusy(false));
  };
  return (
    <section class="discovery" aria-labelledby="disc-h">
      <h2 id="disc-h">Find cameras</h2>
      <button type="button" disabled={busy} onClick={search}>
        Search the network for cameras
      </button>
      <div role="status" aria-live="polite">
        {error ? <p class="error">{error}</p> : null}
        {d?.running ? <p>Searching… (about 3 seconds)</p> : null}
        {d?.error ? <p class="error">{d.error}</p> : null}
        {d && !d.running && d.finishedAt ? (
          d.devices.length ? (
            <ul class="found">
              {d.devices.map((x) => {
                const what = [x.manufacturer, x.model].filter(Boolean).join(' ') || 'Unknown camera';
                return (
                  <li key={x.xaddr} data-xaddr={x.xaddr}>
                    {`${what} at ${x.xaddr} (${x.interface})`}
                    {props.canAdd ? (
                      <details>
                        <summary>{`Add ${what}`}</summary>
                        <AddForm target={{ xaddr: x.xaddr }} label={what} suggestedName={x.name ?? what} added={props.added} />
                      </details>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          ) : (
            <p>{d.interfaces.length ? 'No camera answered.' : 'No network interface could be searched.'}</p>
          )
        ) : null}
        {d?.problems.map((p, i) => (
          <p class="hint" key={i}>
            {p.message}
          </p>
        ))}
        {d && !d.running && d.devices.length && !props.canAdd ? <p class="hint">The owner can add these cameras.</p> : null}
      </div>
      {props.canAdd ? (
        <details>
          <summary>Add a camera by its stream URL</summary>
          <AddForm target={{ rtsp: true }} label="the camera" suggestedName="" added={props.added} />
        </details>
      ) : null}
    </section>
  );
}

/**
 * The cameras, refreshed every few seconds in place: a card is keyed by its
 * camera, so a half-typed pause reason or an open scope form survives the
 * refresh, and so does the scroll position.
 */
function CamerasPage(props: { app: App }): JSX.Element {
  const [status, setStatus] = useState('');
  const cameras = useLoad(() => api<{ cameras: CameraView[] }>('GET', '/api/cameras'), REFRESH_MS);
  const done = (message: string) => {
    setStatus(message);
    void cameras.reload();
  };
  const fail = (err: unknown) => setStatus(errorText(err));
  const added = (message: string) => {
    setStatus(message);
    // The recorder picks the new camera up within a few seconds; show it once it does.
    window.setTimeout(() => void cameras.reload(), 2_500);
  };
  const user = props.app.user;
  return (
    <>
      <h1>Cameras</h1>
      <p role="status" class="status" id="camera-status">
        {status}
      </p>
      {cameras.error ? (
        <p class="error" role="alert">
          {cameras.error}
        </p>
      ) : null}
      <div class="cameras">
        {cameras.data === null ? (
          <p>Loading…</p>
        ) : cameras.data.cameras.length ? (
          cameras.data.cameras.map((c) => <CameraCard key={c.id} camera={c} done={done} fail={fail} />)
        ) : (
          <p>No cameras yet. Search the network below, add one by its stream URL, or list it under cameras: in the configuration.</p>
        )}
      </div>
      {user && user.role !== 'viewer' ? <Discovery canAdd={user.role === 'owner'} added={added} /> : null}
    </>
  );
}

export const camerasPage = preactPage({ path: '/cameras', title: 'Cameras', needsUser: true, inMenu: (user) => user !== null }, CamerasPage);
