import type { JSX } from 'preact';
import type { HoldView } from '../api-types.js';
import { useState } from 'preact/hooks';
import { api, type CameraView } from '../api.js';
import type { App } from '../app.js';
import { when } from '../format.js';
import { useLoad, useOutcome } from '../hooks.js';
import { preactPage } from '../preact-page.js';
import { CameraChecks, ColumnHeads, ErrorLine, Field, OutcomeLines } from '../ui.js';
import { errorText, isManager, localToIso } from './forms.js';

const KIND_TEXT: Record<string, string> = {
  incident: 'Incident',
  access_request: 'Access request',
  legal: 'Legal matter',
  police: 'Police request',
  decision: 'Used in a decision about a person (kept ≥ 1 year)',
};

function ReleaseForm(props: { hold: HoldView; done: (message: string) => void; fail: (err: unknown) => void }): JSX.Element {
  const hold = props.hold;
  const [reason, setReason] = useState('');
  return (
    <details>
      <summary>{`Release hold ${hold.id}`}</summary>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void api('POST', `/api/holds/${hold.id}/release`, { reason })
            .then(() => props.done(`Hold ${hold.id} released: its footage follows the retention rules again.`))
            .catch(props.fail);
        }}
      >
        <Field label={`Why release hold ${hold.id}?`} hint="Goes into the audit log.">
          {(id, hint) => <textarea id={id} aria-describedby={hint} name="release-reason" required maxLength={1000} rows={2} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />}
        </Field>
        <button type="submit">{`Release hold ${hold.id}`}</button>
      </form>
    </details>
  );
}

function HoldForm(props: { cameras: CameraView[]; kinds: string[]; done: (message: string) => void }): JSX.Element {
  const empty = { from: '', to: '', kind: props.kinds[0] ?? '', reason: '', review: '' };
  const [v, setV] = useState(empty);
  const [cams, setCams] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const set = (key: keyof typeof empty) => (e: { currentTarget: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement }) => setV({ ...v, [key]: e.currentTarget.value });
  const submit = (e: Event) => {
    e.preventDefault();
    setError(null);
    const body = {
      cameras: props.cameras.map((c) => c.id).filter((id) => cams.has(id)),
      from: localToIso(v.from),
      to: localToIso(v.to),
      kind: v.kind,
      reason: v.reason,
      ...(v.review ? { review: `${v.review}T12:00:00Z` } : {}),
    };
    void api<{ holds: HoldView[] }>('POST', '/api/holds', body)
      .then((r) => {
        setV(empty);
        setCams(new Set());
        props.done(`Added ${r.holds.length} hold${r.holds.length === 1 ? '' : 's'}.`);
      })
      .catch((err: unknown) => setError(errorText(err)));
  };
  return (
    <form class="panel" onSubmit={submit}>
      <h2>Hold footage</h2>
      <CameraChecks legend="Cameras to hold" cameras={props.cameras} name="hold-camera" selected={cams} onChange={setCams} />
      <div class="row">
        <Field label="From (your local time)">{(id) => <input id={id} type="datetime-local" name="from" required value={v.from} onInput={set('from')} />}</Field>
        <Field label="To (your local time)">{(id) => <input id={id} type="datetime-local" name="to" required value={v.to} onInput={set('to')} />}</Field>
      </div>
      <Field label="Kind">
        {(id) => (
          <select id={id} name="kind" value={v.kind} onChange={set('kind')}>
            {props.kinds.map((k) => (
              <option key={k} value={k}>
                {KIND_TEXT[k] ?? k}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Reason" hint="What happened and why the footage must be kept. Goes into the audit log.">
        {(id, hint) => <textarea id={id} aria-describedby={hint} name="reason" required maxLength={1000} rows={3} value={v.reason} onInput={set('reason')} />}
      </Field>
      <Field label="Review on (optional)" hint="When to check whether the hold is still needed.">
        {(id, hint) => <input id={id} aria-describedby={hint} type="date" name="review" value={v.review} onInput={set('review')} />}
      </Field>
      <ErrorLine error={error} />
      <button type="submit">Add the hold</button>
    </form>
  );
}

function HoldRow(props: { hold: HoldView; done: (message: string) => void; fail: (err: unknown) => void }): JSX.Element {
  const hold = props.hold;
  return (
    <tr data-hold={hold.id}>
      <td>{hold.id}</td>
      <td>{hold.camera}</td>
      <td>{`${when(hold.from)} – ${when(hold.to)}`}</td>
      <td>{KIND_TEXT[hold.kind] ?? hold.kind}</td>
      <td>{hold.reason}</td>
      <td>
        {hold.createdBy}
        <br />
        <small>{when(hold.createdAt)}</small>
      </td>
      <td>
        {hold.released ? (
          <span class="badge muted">{`Released ${when(hold.released.at)} by ${hold.released.by}: ${hold.released.reason}`}</span>
        ) : (
          <>
            {hold.reviewDue ? <span class="badge warn">{`Review due since ${when(hold.reviewAt)}`}</span> : hold.reviewAt ? <span>{`Review ${when(hold.reviewAt)}`}</span> : null}
            {hold.case !== null ? (
              <p class="hint">
                {`A range of case ${hold.case}: released with the case's other ranges when the case is closed (`}
                <a href="#/cases">Cases</a>
                {').'}
              </p>
            ) : hold.releasableFrom && Date.parse(hold.releasableFrom) > Date.now() ? (
              <p class="hint">{`Cannot be released before ${when(hold.releasableFrom)} (footage used in a decision is kept a year).`}</p>
            ) : (
              <ReleaseForm hold={hold} done={props.done} fail={props.fail} />
            )}
          </>
        )}
      </td>
    </tr>
  );
}

/** Holds keep footage from every deletion: list them, add one over cameras and a time range, release one with a reason. */
function HoldsPage(props: { app: App }): JSX.Element {
  const showAll = props.app.params.get('all') === '1';
  const data = useLoad(() => Promise.all([api<{ holds: HoldView[]; kinds: string[] }>('GET', `/api/holds${showAll ? '?all=1' : ''}`), api<{ cameras: CameraView[] }>('GET', '/api/cameras')]), undefined, [showAll]);
  const outcome = useOutcome(() => data.reload());
  const { done, fail } = outcome;
  const loaded = data.data;
  return (
    <>
      <h1>Holds</h1>
      <p>Held footage is never deleted by retention or by a full disk, until the hold is released.</p>
      <OutcomeLines outcome={outcome} loadError={data.error} />
      <p>
        <a href={showAll ? '#/holds' : '#/holds?all=1'}>{showAll ? 'Show active holds only' : 'Show released holds too'}</a>
      </p>
      {!loaded ? (
        <p>Loading…</p>
      ) : (
        <>
          {loaded[0].holds.length === 0 ? (
            <p>{showAll ? 'No holds.' : 'No active holds.'}</p>
          ) : (
            <div class="scroll">
              <table class="holds-table">
                <caption class="sr-only">Holds</caption>
                <ColumnHeads names={['#', 'Camera', 'Footage', 'Kind', 'Reason', 'By', 'State']} />
                <tbody>
                  {loaded[0].holds.map((hold) => (
                    <HoldRow key={hold.id} hold={hold} done={done} fail={fail} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <HoldForm cameras={loaded[1].cameras.filter((c) => c.rights.export)} kinds={loaded[0].kinds} done={done} />
        </>
      )}
    </>
  );
}

export const holdsPage = preactPage({ path: '/holds', title: 'Holds', needsUser: true, inMenu: (user) => isManager(user?.role) }, HoldsPage);
