import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { CaseView } from '../../../src/api/contracts/cases.js';
import { api, type CameraView } from '../api.js';
import type { App } from '../app.js';
import { when } from '../format.js';
import { useLoad } from '../hooks.js';
import { usePost, type Act } from '../post.js';
import { preactPage } from '../preact-page.js';
import { CameraChecks, ErrorLine, Field } from '../ui.js';
import { isManager, localToIso } from './forms.js';

/**
 * Incident cases (docs/cases.md): "everything about Friday's break-in". Open
 * a case, add cameras and times (held at once), export the whole case as one
 * package for the insurer or the police, close it to release its footage.
 * The package is then on the Exports page, to verify and send under a policy.
 */

function OpenForm(props: { act: Act }): JSX.Element {
  const [name, setName] = useState('');
  const [reason, setReason] = useState('');
  const [kind, setKind] = useState('incident');
  return (
    <form
      class="panel"
      onSubmit={(e) => {
        e.preventDefault();
        void props.act('/api/cases', { name, reason, kind }, `Case "${name}" opened: add its cameras and times below.`).then((ok) => ok && (setName(''), setReason('')));
      }}
    >
      <h2>Open a case</h2>
      <Field label="Name" hint='For example "Break-in, Friday 4 December".'>
        {(id, hint) => <input id={id} aria-describedby={hint} name="case-name" required maxLength={200} value={name} onInput={(e) => setName(e.currentTarget.value)} />}
      </Field>
      <Field label="Reason" hint="What happened and who asks for the footage. Goes into the audit log and the export's manifest.">
        {(id, hint) => <textarea id={id} aria-describedby={hint} name="case-reason" required maxLength={2000} rows={2} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />}
      </Field>
      <Field label="Kind">
        {(id) => (
          <select id={id} name="case-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value)}>
            <option value="incident">Incident</option>
            <option value="police">Police request</option>
            <option value="legal">Legal matter</option>
          </select>
        )}
      </Field>
      <button type="submit">Open the case</button>
    </form>
  );
}

function CaseCard(props: { c: CaseView; cameras: CameraView[]; act: Act }): JSX.Element {
  const { c, act } = props;
  const [cams, setCams] = useState<Set<string>>(new Set());
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [recipient, setRecipient] = useState('');
  const [legalBasis, setLegalBasis] = useState('');
  const [closeReason, setCloseReason] = useState('');
  const open = c.closed === null;
  return (
    <section class="panel" aria-labelledby={`case-${c.id}-h`} data-case={c.id}>
      <h2 id={`case-${c.id}-h`}>
        {`Case ${c.id}: ${c.name} `}
        <span class={`badge ${open ? 'warn' : 'muted'}`}>{open ? 'open — footage held' : `closed ${when(c.closed?.at ?? null)}`}</span>
      </h2>
      <p>{c.reason}</p>
      <p class="hint">{`Opened by ${c.openedBy}, ${when(c.openedAt)}.${c.closed ? ` Closed by ${c.closed.by ?? '?'}: ${c.closed.reason ?? ''}` : ''}`}</p>
      {c.ranges.length === 0 ? (
        <p>No cameras or times yet.</p>
      ) : (
        <ul>
          {c.ranges.map((r) => (
            <li key={r.hold}>{`${r.camera}: ${when(r.from)} – ${when(r.to)}${r.released ? ' (released)' : ''}`}</li>
          ))}
        </ul>
      )}
      {c.exports.length ? (
        <p>
          {'Exported: '}
          {c.exports.map((e) => `${e.id} for ${e.recipient}${e.removedAt ? ' (removed)' : ''}`).join('; ')}
          {' — see '}
          <a href="#/exports">Exports</a>
          {' to verify and send.'}
        </p>
      ) : null}
      {open ? (
        <>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              const body = { cameras: props.cameras.map((x) => x.id).filter((id) => cams.has(id)), from: localToIso(from), to: localToIso(to) };
              void act(`/api/cases/${c.id}/ranges`, body, `Added to case ${c.id}; the footage is held.`).then((ok) => ok && setCams(new Set()));
            }}
          >
            <h3>Add cameras and times</h3>
            <CameraChecks legend="Cameras" cameras={props.cameras} name={`case-${c.id}-camera`} selected={cams} onChange={setCams} />
            <div class="row">
              <Field label="From (your local time)">{(id) => <input id={id} type="datetime-local" name="from" required value={from} onInput={(e) => setFrom(e.currentTarget.value)} />}</Field>
              <Field label="To (your local time)">{(id) => <input id={id} type="datetime-local" name="to" required value={to} onInput={(e) => setTo(e.currentTarget.value)} />}</Field>
            </div>
            <button type="submit">Add and hold</button>
          </form>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void act(`/api/cases/${c.id}/export`, { recipient, legalBasis }, `Case ${c.id} is being exported as one package; follow it on the Exports page.`);
            }}
          >
            <h3>Export the whole case</h3>
            <Field label="Recipient" hint="Who receives the package (an insurer, a police officer and file number).">
              {(id, hint) => <input id={id} aria-describedby={hint} name="recipient" required maxLength={2000} value={recipient} onInput={(e) => setRecipient(e.currentTarget.value)} />}
            </Field>
            <Field label="Legal basis">{(id) => <input id={id} name="legal-basis" required maxLength={2000} value={legalBasis} onInput={(e) => setLegalBasis(e.currentTarget.value)} />}</Field>
            <button type="submit" disabled={c.ranges.length === 0}>
              Export as one package
            </button>
          </form>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void act(`/api/cases/${c.id}/close`, { reason: closeReason }, `Case ${c.id} closed: its footage follows the retention rules again.`);
            }}
          >
            <h3>Close the case</h3>
            <Field label="Why close it?" hint="Every range is released together; packages already made stay until they expire.">
              {(id, hint) => <input id={id} aria-describedby={hint} name="close-reason" required maxLength={1000} value={closeReason} onInput={(e) => setCloseReason(e.currentTarget.value)} />}
            </Field>
            <button type="submit">Close and release the footage</button>
          </form>
        </>
      ) : null}
    </section>
  );
}

function CasesPage(props: { app: App }): JSX.Element {
  const showAll = props.app.params.get('all') === '1';
  const data = useLoad(() => Promise.all([api<{ cases: CaseView[] }>('GET', `/api/cases${showAll ? '?all=1' : ''}`), api<{ cameras: CameraView[] }>('GET', '/api/cameras')]), undefined, [showAll]);
  const { act, status, error } = usePost(data.reload);
  const loaded = data.data;
  return (
    <>
      <h1>Cases</h1>
      <p>A case gathers the footage of several cameras and times about one incident: held together, exported as one signed package, released together when the case is closed.</p>
      <p role="status" class="status">
        {status}
      </p>
      <ErrorLine error={error ?? data.error} />
      <p>
        <a href={showAll ? '#/cases' : '#/cases?all=1'}>{showAll ? 'Show open cases only' : 'Show closed cases too'}</a>
      </p>
      {!loaded ? (
        <p>Loading…</p>
      ) : (
        <>
          {loaded[0].cases.length === 0 ? <p>{showAll ? 'No cases.' : 'No open cases.'}</p> : null}
          {loaded[0].cases.map((c) => (
            <CaseCard key={c.id} c={c} cameras={loaded[1].cameras.filter((x) => x.rights.export)} act={act} />
          ))}
          <OpenForm act={act} />
        </>
      )}
    </>
  );
}

export const casesPage = preactPage({ path: '/cases', title: 'Cases', needsUser: true, inMenu: (user) => isManager(user?.role) }, CasesPage);
