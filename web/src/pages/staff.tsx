import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { NewStaffBody, StaffAckBody } from '../../../src/api/contracts/staff.js';
import { api } from '../api.js';
import { languageName } from '../format.js';
import type { StaffListView, StaffMemberView } from '../api-types.js';
import { useLoad, useOutcome } from '../hooks.js';
import { preactPage } from '../preact-page.js';
import { ColumnHeads, ErrorLine, Field, LanguageField, OutcomeLines } from '../ui.js';
import { errorText, todayLocal } from './forms.js';

/** Another owner (or the CLI) may add staff or record a signature meanwhile; the page follows without losing typed text. */
const STAFF_EVERY_MS = 30_000;

const AREA_NAMES: Readonly<Record<string, string>> = {
  entrance: 'Entrance',
  cash: 'Cash desk',
  kitchen: 'Kitchen',
  storage: 'Storage',
  staff: 'Staff room',
  dining: 'Dining room',
  outdoor: 'Outdoors',
};
const areaName = (a: string): string => AREA_NAMES[a] ?? a;

/** Where a person's notice stands, in words (the badge's colour only repeats them). */
function NoticeState(props: { s: StaffMemberView }): JSX.Element {
  const { s } = props;
  const ack = s.lastAck;
  if (s.state === 'current') {
    return (
      <>
        <span class="badge ok">Signed</span>
        {` the current notice (version ${s.notice.short}) on ${ack?.signedOn ?? '?'}`}
      </>
    );
  }
  if (s.state === 'stale') {
    return (
      <>
        <span class="badge warn">Must re-sign</span>
        {` the notice changed after they signed version ${ack ? ack.version.slice(0, s.notice.short.length) : '?'} on ${ack?.signedOn ?? '?'}; print the current one (version ${s.notice.short})`}
      </>
    );
  }
  return (
    <>
      <span class="badge warn">Never signed</span>
      {` print the notice (version ${s.notice.short}) and have it signed`}
    </>
  );
}

/** The signed paper, recorded by the owner: the version printed at its foot and the day it was signed. */
function AckForm(props: { s: StaffMemberView; done: (message: string) => void }): JSX.Element {
  const { s } = props;
  const [version, setVersion] = useState('');
  const [signed, setSigned] = useState(todayLocal());
  const [error, setError] = useState<string | null>(null);
  const submit = (e: Event) => {
    e.preventDefault();
    setError(null);
    const body: StaffAckBody = { version, signed };
    void api('POST', `/api/staff/${s.id}/acknowledge`, body)
      .then(() => props.done(`Signed notice of ${s.name} recorded.`))
      .catch((err: unknown) => setError(errorText(err)));
  };
  return (
    <form onSubmit={submit}>
      <Field label={`Version printed on the notice ${s.name} signed`} hint="The code of 12 letters and digits at the foot of the signed paper, after “Notice version” (or its translation).">
        {(id, hint) => <input id={id} aria-describedby={hint} autocomplete="off" required minLength={12} maxLength={64} pattern="[0-9a-fA-F]+" value={version} onInput={(e) => setVersion(e.currentTarget.value)} />}
      </Field>
      <Field label={`Day ${s.name} signed`}>{(id) => <input id={id} type="date" required value={signed} onInput={(e) => setSigned(e.currentTarget.value)} />}</Field>
      <ErrorLine error={error} />
      <button type="submit">{`Record the signature of ${s.name}`}</button>
      <p class="hint">Keep the signed paper: it is the proof; Premises records that you have it.</p>
    </form>
  );
}

function StaffRow(props: { s: StaffMemberView; done: (message: string) => void; fail: (err: unknown) => void }): JSX.Element {
  const { s, done, fail } = props;
  const left = () => {
    if (!window.confirm(`Mark ${s.name} as having left? They get no more notices or reminders; their signed notices stay on record.`)) return;
    void api('POST', `/api/staff/${s.id}/left`)
      .then(() => done(`${s.name} marked as having left.`))
      .catch(fail);
  };
  return (
    <tr data-staff={s.id} data-state={s.state}>
      <td>{s.name}</td>
      <td>{s.role}</td>
      <td>{s.areas.map(areaName).join(', ')}</td>
      <td>{languageName(s.language)}</td>
      <td>
        <NoticeState s={s} />
        <br />
        <small>{s.notice.cameras.length ? `Cameras named: ${s.notice.cameras.join(', ')}` : 'No camera films where they work.'}</small>
      </td>
      <td>
        <a href={`/api/staff/${s.id}/notice.html`} target="_blank" rel="noopener">
          {`Print the notice for ${s.name}`}
        </a>
        {s.state === 'current' ? null : (
          <details>
            <summary>{`Record the signed notice of ${s.name}`}</summary>
            <AckForm s={s} done={done} />
          </details>
        )}
        <button type="button" onClick={left}>
          {`Mark ${s.name} as left`}
        </button>
      </td>
    </tr>
  );
}

function NewHire(props: { view: StaffListView; done: (message: string) => void }): JSX.Element {
  const { view } = props;
  const [name, setName] = useState('');
  const [role, setRole] = useState('');
  const [areas, setAreas] = useState<Set<string>>(new Set());
  const [language, setLanguage] = useState('en');
  const [error, setError] = useState<string | null>(null);
  // Areas a camera films first; the others still count: a camera added there later changes this person's notice.
  const offered = [...view.areasInUse, ...view.areas.filter((a) => !view.areasInUse.includes(a))];
  const submit = (e: Event) => {
    e.preventDefault();
    setError(null);
    if (areas.size === 0) {
      setError('Tick at least one area where they work.');
      return;
    }
    const body: NewStaffBody = { name, role, areas: offered.filter((a) => areas.has(a)), language };
    void api('POST', '/api/staff', body)
      .then(() => {
        const who = name;
        setName('');
        setRole('');
        setAreas(new Set());
        props.done(`${who} added: print their notice and have it signed.`);
      })
      .catch((err: unknown) => setError(errorText(err)));
  };
  return (
    <form onSubmit={submit}>
      <h2>Add a new hire</h2>
      <Field label="Name">{(id) => <input id={id} autocomplete="off" required maxLength={100} value={name} onInput={(e) => setName(e.currentTarget.value)} />}</Field>
      <Field label="Job title" hint="For example cook, server, cashier.">
        {(id, hint) => <input id={id} aria-describedby={hint} autocomplete="off" required maxLength={100} value={role} onInput={(e) => setRole(e.currentTarget.value)} />}
      </Field>
      <fieldset class="cameras-pick">
        <legend>Where they work</legend>
        {offered.map((a) => (
          <div class="field check" key={a}>
            <input
              type="checkbox"
              id={`hire-area-${a}`}
              checked={areas.has(a)}
              onChange={(e) => {
                const next = new Set(areas);
                if (e.currentTarget.checked) next.add(a);
                else next.delete(a);
                setAreas(next);
              }}
            />
            <label for={`hire-area-${a}`}>{view.areasInUse.includes(a) ? areaName(a) : `${areaName(a)} (no camera there yet)`}</label>
          </div>
        ))}
        <small class="hint">Washrooms and changing rooms are never filmed, so they are not listed.</small>
      </fieldset>
      <LanguageField label="Language of their notice" languages={view.languages} value={language} onChange={setLanguage} />
      <ErrorLine error={error} />
      <button type="submit">Add the new hire</button>
    </form>
  );
}

/** Staff (owner only): who works here, whether each has signed the notice that is true now, and new hires. */
function StaffPage(): JSX.Element {
  const data = useLoad(() => api<StaffListView>('GET', '/api/staff'), STAFF_EVERY_MS);
  const outcome = useOutcome(() => data.reload());
  const { done, fail } = outcome;
  const view = data.data;
  const signed = view ? view.staff.filter((s) => s.state === 'current').length : 0;
  return (
    <>
      <h1>Staff</h1>
      <p>
        Everyone who works where a camera films must be told so in writing. Print each person's notice, have them sign it, keep the paper and record the
        signature here. When the cameras, their purposes or how long footage is kept change, the notice changes and they sign again.
      </p>
      <OutcomeLines outcome={outcome} loadError={data.error} />
      {!view ? (
        <p>Loading…</p>
      ) : (
        <>
          <p class="staff-reminder">
            <span class={`badge ${signed < view.staff.length ? 'warn' : 'ok'}`}>{signed < view.staff.length ? 'Signatures needed' : 'Up to date'}</span>
            {` ${view.staff.length === 0 ? 'No staff recorded yet.' : `${signed} of ${view.staff.length} signed their current notice.`}`}
          </p>
          {view.staff.length ? (
            <div class="scroll">
              <table class="staff">
                <ColumnHeads names={['Name', 'Job title', 'Works in', 'Language', 'Notice', '']} />
                <tbody>
                  {view.staff.map((s) => (
                    // A recorded signature or a new notice resets that row's form; a poll does not.
                    <StaffRow key={`${s.id}/${s.notice.version}/${s.lastAck?.recordedAt ?? ''}`} s={s} done={done} fail={fail} />
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          <NewHire view={view} done={done} />
        </>
      )}
    </>
  );
}

export const staffPage = preactPage({ path: '/staff', title: 'Staff', needsUser: true, inMenu: (user) => user?.role === 'owner' }, StaffPage);
