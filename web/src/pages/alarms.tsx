import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import type { App } from '../app.js';
import type { AlarmView } from '../api-types.js';
import { when } from '../format.js';
import { useLoad } from '../hooks.js';
import { preactPage } from '../preact-page.js';
import { errorText } from './forms.js';

/** As often as the banner: an alarm raised or cleared shows without a reload. */
const REFRESH_MS = 10_000;

function AlarmsPage(props: { app: App }): JSX.Element {
  const data = useLoad(() => api<{ alarms: AlarmView[] }>('GET', '/api/alarms'), REFRESH_MS);
  const [status, setStatus] = useState('');
  const acknowledge = (a: AlarmView) =>
    void api('POST', `/api/alarms/${a.id}/acknowledge`)
      .then(async () => {
        props.app.refreshBanner();
        await data.reload();
      })
      .catch((err: unknown) => setStatus(errorText(err)));
  const alarms = data.data?.alarms;
  return (
    <>
      <h1>Alarms</h1>
      <p role="status" class="status">
        {status || data.error}
      </p>
      {!alarms ? (
        <p>Loading…</p>
      ) : alarms.length === 0 ? (
        <p>No open alarms.</p>
      ) : (
        <ul class="alarms">
          {alarms.map((a) => (
            <li key={a.id} class={`alarm ${a.severity}`}>
              <p>
                <strong>{a.severity.toUpperCase()}</strong> {a.message}
              </p>
              <p class="hint">{`${a.kind} · ${a.subject} · since ${when(a.raisedAt)}${a.acknowledged ? ` · acknowledged by ${a.acknowledgedBy ?? ''}` : ''}`}</p>
              {a.canAcknowledge ? (
                <button type="button" onClick={() => acknowledge(a)}>
                  {`Acknowledge "${a.kind}" for ${a.subject}`}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <p class="hint">An alarm closes by itself when its cause ends; acknowledging says someone has seen it.</p>
    </>
  );
}

export const alarmsPage = preactPage({ path: '/alarms', title: 'Alarms', needsUser: true, inMenu: (user) => user !== null }, AlarmsPage);
