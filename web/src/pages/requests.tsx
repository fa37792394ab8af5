import type { JSX } from 'preact';
import type { RequestList, RequestView } from '../api-types.js';
import { useState } from 'preact/hooks';
import { api, type CameraView } from '../api.js';
import type { App } from '../app.js';
import { languageName, when } from '../format.js';
import { useLoad, useOutcome } from '../hooks.js';
import { preactPage } from '../preact-page.js';
import { CameraChecks, ErrorLine, Field, LanguageField, OutcomeLines } from '../ui.js';
import { errorText, isManager, localToIso, todayLocal } from './forms.js';

/** Deadlines move with the day: refresh the list every minute, in place. */
const REFRESH_MS = 60_000;

/** The deadline in words: the colour of the badge only repeats what the text says. */
export function deadlineText(r: Pick<RequestView, 'urgency' | 'daysLeft' | 'due'>): string {
  const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;
  switch (r.urgency) {
    case 'closed':
      return 'Closed';
    case 'overdue':
      return `OVERDUE by ${days(-r.daysLeft)} (was due ${r.due})`;
    case 'due-today':
      return `Due TODAY (${r.due})`;
    case 'due-soon':
      return `Due soon: ${days(r.daysLeft)} left (${r.due})`;
    case 'on-time':
      return `On time: ${days(r.daysLeft)} left (${r.due})`;
  }
}

function ActionForm(props: { label: string; fieldLabel: string; hint: string; submit: string; send: (text: string) => Promise<unknown>; done: () => void; fail: (err: unknown) => void }): JSX.Element {
  const [text, setText] = useState('');
  return (
    <details>
      <summary>{props.label}</summary>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void props.send(text).then(props.done).catch(props.fail);
        }}
      >
        <Field label={props.fieldLabel} hint={props.hint}>
          {(id, hint) => <textarea id={id} aria-describedby={hint} required maxLength={2000} rows={2} value={text} onInput={(e) => setText(e.currentTarget.value)} />}
        </Field>
        <button type="submit">{props.submit}</button>
      </form>
    </details>
  );
}

/** The printable letter, opened in a new tab like the signs; every opening is audited by the server. */
function letterHref(id: number, kind: 'acknowledgement' | 'response', encloses?: string): string {
  const what = kind === 'acknowledgement' ? '' : encloses ? `&export=${encodeURIComponent(encloses)}` : '&none=1';
  return `/api/requests/${id}/letter.html?kind=${kind}${what}`;
}

const NONE_FOUND = '';

/**
 * The acknowledgement and the response, in the requester's language. The
 * response encloses an export made for this request (the newest by default)
 * or says no footage of them is held.
 */
function Letters(props: { r: RequestView; languages: string[]; done: (message: string) => void; fail: (err: unknown) => void }): JSX.Element {
  const { r } = props;
  const newest = r.exports.at(-1)?.id ?? NONE_FOUND;
  const [encloses, setEncloses] = useState(newest);
  const [language, setLanguage] = useState(r.letterLanguage);
  const chosen = encloses === NONE_FOUND || r.exports.some((x) => x.id === encloses) ? encloses : newest;
  const lang = languageName(r.letterLanguage);
  return (
    <section class="letters" aria-labelledby={`letters-${r.id}`}>
      <h3 id={`letters-${r.id}`}>Letters to the requester</h3>
      <p>{r.language ? `In ${lang}, the language recorded for ${r.requester}.` : `In ${lang}, the site's main language: no language was recorded for this request.`}</p>
      <p>
        <a href={letterHref(r.id, 'acknowledgement')} target="_blank" rel="noopener" aria-label={`Open the acknowledgement letter of request ${r.id}`}>
          {`Acknowledgement letter (${lang})`}
        </a>
      </p>
      <Field label={`What the response to request ${r.id} encloses`}>
        {(id) => (
          <select id={id} value={chosen} onChange={(e) => setEncloses(e.currentTarget.value)}>
            {r.exports.map((x) => (
              <option key={x.id} value={x.id}>{`Export ${x.id} (made ${when(x.at)})`}</option>
            ))}
            <option value={NONE_FOUND}>No footage of them is held</option>
          </select>
        )}
      </Field>
      <p>
        <a href={letterHref(r.id, 'response', chosen)} target="_blank" rel="noopener" aria-label={`Open the response letter of request ${r.id}`}>
          {`Response letter (${lang})`}
        </a>
      </p>
      {props.languages.length > 1 ? (
        <details>
          <summary>{`Change the language of ${r.requester}`}</summary>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void api('POST', `/api/requests/${r.id}/language`, { language })
                .then(() => props.done(`Request ${r.id}: letters now in ${languageName(language)}.`))
                .catch(props.fail);
            }}
          >
            <LanguageField label={`Language of request ${r.id}'s letters`} languages={props.languages} value={language} onChange={setLanguage} />
            <button type="submit">{`Save the language of request ${r.id}`}</button>
          </form>
        </details>
      ) : null}
    </section>
  );
}

function RequestCard(props: { r: RequestView; languages: string[]; done: (message: string) => void; fail: (err: unknown) => void }): JSX.Element {
  const r = props.r;
  return (
    <article class={`request ${r.urgency}`} data-request={r.id} aria-labelledby={`req-${r.id}`}>
      <h2 id={`req-${r.id}`}>{`Request ${r.id}: ${r.requester}`}</h2>
      <p class={`badge ${r.urgency}`}>{deadlineText(r)}</p>
      <dl>
        <dt>Received</dt>
        <dd>{r.receivedOn}</dd>
        <dt>Identity</dt>
        <dd>{r.identityVerification}</dd>
        <dt>Footage</dt>
        <dd>{`${r.cameras.join(', ')}: ${when(r.from)} – ${when(r.to)}`}</dd>
        <dt>What</dt>
        <dd>{r.description}</dd>
        <dt>Deadline</dt>
        <dd>
          {r.extension.taken
            ? `${r.dueOn}, extended to ${r.extension.extendedDue} (${r.extension.reason ?? ''})`
            : r.extension.available
              ? `${r.dueOn}; with the extension ${r.extension.extendedDue}`
              : `${r.dueOn}; no extension possible now`}
        </dd>
        <dt>Rule</dt>
        <dd class="hint">{r.deadlineRule}</dd>
        <dt>Holds</dt>
        <dd>{r.holds.length ? r.holds.map((id) => `#${id}`).join(', ') : '—'}</dd>
        <dt>Language</dt>
        <dd>{r.language ? languageName(r.language) : 'not recorded'}</dd>
        {r.closed ? (
          <>
            <dt>Closed</dt>
            <dd>{`${when(r.closed.at)} by ${r.closed.by}: ${r.closed.outcome}`}</dd>
          </>
        ) : null}
      </dl>
      <Letters r={r} languages={props.languages} done={props.done} fail={props.fail} />
      {r.closed ? null : (
        <>
          <p>
            <a href={`#/redaction?request=${r.id}`}>Export it with other faces blurred</a>
          </p>
          {r.extension.available ? (
            <ActionForm
              label={`Take the extension (to ${r.extension.extendedDue})`}
              fieldLabel={`What was request ${r.id}'s requester told?`}
              hint="The law allows it once, before the deadline, with the requester told why."
              submit={`Extend request ${r.id}`}
              send={(text) => api('POST', `/api/requests/${r.id}/extend`, { reason: text })}
              done={() => props.done(`Request ${r.id} extended.`)}
              fail={props.fail}
            />
          ) : null}
          <ActionForm
            label="Close the request"
            fieldLabel={`How was request ${r.id} answered?`}
            hint="For example: footage disclosed as an export on a date, others masked. Holds stay until released."
            submit={`Close request ${r.id}`}
            send={(text) => api('POST', `/api/requests/${r.id}/close`, { outcome: text })}
            done={() => props.done(`Request ${r.id} closed.`)}
            fail={props.fail}
          />
        </>
      )}
    </article>
  );
}

function NewRequest(props: { cameras: CameraView[]; custom: boolean; languages: string[]; done: (message: string) => void }): JSX.Element {
  const empty = { requester: '', identity: '', received: todayLocal(), from: '', to: '', description: '', due: '', language: props.languages[0] ?? 'en' };
  const [v, setV] = useState(empty);
  const [cams, setCams] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const set = (key: keyof typeof empty) => (e: { currentTarget: HTMLInputElement | HTMLTextAreaElement }) => setV({ ...v, [key]: e.currentTarget.value });
  const submit = (e: Event) => {
    e.preventDefault();
    setError(null);
    void api<{ request: RequestView }>('POST', '/api/requests', {
      requester: v.requester,
      identity: v.identity,
      received: v.received,
      cameras: props.cameras.map((c) => c.id).filter((id) => cams.has(id)),
      from: localToIso(v.from),
      to: localToIso(v.to),
      description: v.description,
      language: v.language,
      ...(v.due ? { due: v.due } : {}),
    })
      .then((r) => {
        setV(empty);
        setCams(new Set());
        props.done(`Request ${r.request.id} recorded; its footage is held. Due ${r.request.due}.`);
      })
      .catch((err: unknown) => setError(errorText(err)));
  };
  return (
    <form class="panel" onSubmit={submit}>
      <h2>Record a new request</h2>
      <Field label="Requester" hint="The person asking for footage of themselves.">
        {(id, hint) => <input id={id} aria-describedby={hint} name="requester" required maxLength={500} autocomplete="off" value={v.requester} onInput={set('requester')} />}
      </Field>
      <Field label="How their identity was checked">{(id) => <input id={id} name="identity" required maxLength={1000} autocomplete="off" value={v.identity} onInput={set('identity')} />}</Field>
      <Field label="Received on">{(id) => <input id={id} type="date" name="received" required value={v.received} onInput={set('received')} />}</Field>
      <CameraChecks legend="Cameras that may show the requester" cameras={props.cameras} name="request-camera" selected={cams} onChange={setCams} />
      <div class="row">
        <Field label="From (your local time)">{(id) => <input id={id} type="datetime-local" name="from" required value={v.from} onInput={set('from')} />}</Field>
        <Field label="To (your local time)">{(id) => <input id={id} type="datetime-local" name="to" required value={v.to} onInput={set('to')} />}</Field>
      </div>
      <Field label="What they asked for">{(id) => <textarea id={id} name="description" required maxLength={2000} rows={3} value={v.description} onInput={set('description')} />}</Field>
      <LanguageField
        label="Language of their letters"
        hint="The language the person reads, among the site's languages."
        languages={props.languages}
        value={v.language}
        onChange={(language) => setV({ ...v, language })}
      />
      {props.custom ? <Field label="Deadline (custom profile)">{(id) => <input id={id} type="date" name="due" value={v.due} onInput={set('due')} />}</Field> : null}
      <ErrorLine error={error} />
      <button type="submit">Record the request and hold its footage</button>
    </form>
  );
}

/** Access requests from people filmed: intake (which holds the footage), deadlines, extension, closing, letters. */
function RequestsPage(props: { app: App }): JSX.Element {
  const showAll = props.app.params.get('all') === '1';
  const data = useLoad(
    () => Promise.all([api<RequestList>('GET', `/api/requests${showAll ? '?all=1' : ''}`), api<{ cameras: CameraView[] }>('GET', '/api/cameras')]),
    REFRESH_MS,
    [showAll],
  );
  const outcome = useOutcome(() => data.reload());
  const { done, fail } = outcome;
  if (!data.data) {
    return (
      <>
        <h1>Access requests</h1>
        {data.error ? <ErrorLine error={data.error} /> : <p>Loading…</p>}
      </>
    );
  }
  const [list, { cameras }] = data.data;
  return (
    <>
      <h1>Access requests</h1>
      <p>{`People filmed may ask for a copy of footage of themselves. Today is ${list.today} (business time zone); deadlines follow the ${list.jurisdiction} profile.`}</p>
      <OutcomeLines outcome={outcome} loadError={data.error} />
      <p>
        <a href={showAll ? '#/requests' : '#/requests?all=1'}>{showAll ? 'Show open requests only' : 'Show closed requests too'}</a>
      </p>
      {list.requests.length ? (
        <div class="requests">
          {list.requests.map((r) => (
            <RequestCard key={r.id} r={r} languages={list.languages} done={done} fail={fail} />
          ))}
        </div>
      ) : (
        <p>{showAll ? 'No access requests.' : 'No open access requests.'}</p>
      )}
      <NewRequest cameras={cameras} custom={list.jurisdiction === 'custom'} languages={list.languages} done={done} />
    </>
  );
}

export const requestsPage = preactPage({ path: '/requests', title: 'Access requests', needsUser: true, inMenu: (user) => isManager(user?.role) }, RequestsPage);
