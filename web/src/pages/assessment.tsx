import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { DpiaAnswerBody } from '../../../src/api/contracts/staff.js';
import { api } from '../api.js';
import type { DpiaView } from '../api-types.js';
import { when } from '../format.js';
import { useLoad, useOutcome } from '../hooks.js';
import { preactPage } from '../preact-page.js';
import { ColumnHeads, ErrorLine, Field, OutcomeLines } from '../ui.js';
import { errorText } from './forms.js';
import { DocumentLanguagePicker, useDocumentLanguage, withLang } from '../document-language.js';

/** The facts follow the cameras and the index; a poll keeps them true without touching the answers being typed. */
const DPIA_EVERY_MS = 60_000;

const day = (iso: string | null): string => (iso ? iso.slice(0, 10) : '?');

/** The review state in plain words; the badge's colour repeats them. */
function reviewWords(view: DpiaView): { badge: string; cls: string; text: string } {
  const latest = view.versions.at(-1);
  const { review } = view;
  if (review.state === 'missing' || !latest) {
    return { badge: 'Not saved yet', cls: 'warn', text: 'No version of the assessment is saved. Answer the questions below, then save this version.' };
  }
  const saved = `Version ${latest.version} was saved on ${day(latest.savedAt)} by ${latest.savedBy}`;
  if (review.state === 'overdue') {
    return { badge: 'Review overdue', cls: 'bad', text: `${saved}, more than 12 months ago (the review was due on ${day(review.dueAt)}). Read your answers again, change what is no longer true and save a new version.` };
  }
  if (review.state === 'changed') {
    return { badge: 'Review needed', cls: 'warn', text: `${saved}. Since then the cameras, who may view the footage or where it is sent have changed. Check your answers still hold and save a new version.` };
  }
  return { badge: 'Up to date', cls: 'ok', text: `${saved}. Nothing it describes has changed; the next review is due by ${day(review.dueAt)}.` };
}

/** One question: its own text, saved on its own, so a poll or another answer's save never loses what is being typed. */
function Answer(props: { q: DpiaView['questions'][number]; done: (message: string) => void }): JSX.Element {
  const { q } = props;
  const saved = q.answer?.text ?? '';
  const [text, setText] = useState(saved);
  const [error, setError] = useState<string | null>(null);
  const submit = (e: Event) => {
    e.preventDefault();
    setError(null);
    const body: DpiaAnswerBody = { answer: text };
    void api('PUT', `/api/dpia/answers/${encodeURIComponent(q.key)}`, body)
      .then(() => props.done(`Answer to “${q.title}” saved.`))
      .catch((err: unknown) => setError(errorText(err)));
  };
  const state = text !== saved ? 'Changed, not saved yet.' : q.answer?.text ? `Saved ${when(q.answer.at)} by ${q.answer.by ?? '?'}.` : q.required ? 'Not answered yet; needed before a version can be saved.' : 'Not answered (optional here).';
  return (
    <form class="dpia-answer" data-question={q.key} onSubmit={submit}>
      <Field label={`${q.title}${q.required ? ' (required)' : ''}`} hint={q.question}>
        {(id, hint) => <textarea id={id} aria-describedby={hint} rows={5} maxLength={10_000} value={text} onInput={(e) => setText(e.currentTarget.value)} />}
      </Field>
      <p class="hint">{state}</p>
      <ErrorLine error={error} />
      <button type="submit">{`Save the answer to “${q.title}”`}</button>
    </form>
  );
}

function Facts(props: { facts: DpiaView['facts'] }): JSX.Element {
  const { material: m, context: c } = props.facts;
  return (
    <section aria-labelledby="dpia-facts-h">
      <h2 id="dpia-facts-h">What Premises fills in</h2>
      <p class="hint">Read from the configuration and the recordings; change the cameras or the business details to change these.</p>
      <dl class="facts">
        <dt>Business</dt>
        <dd>{m.business ? `${m.business.name}, ${m.business.address} (contact: ${m.business.contact})` : 'Not set in the configuration'}</dd>
        <dt>Law that applies</dt>
        <dd>{m.jurisdiction}</dd>
        <dt>Who may view footage</dt>
        <dd>{m.viewers.join('; ')}</dd>
        <dt>Who receives footage</dt>
        <dd>{m.recipients}</dd>
        <dt>Transfers</dt>
        <dd>{m.transfers}</dd>
        <dt>Workstations filmed</dt>
        <dd>{m.workstationFlags.length ? m.workstationFlags.join(' ') : 'None flagged.'}</dd>
        <dt>Camera network</dt>
        <dd>{c.containment}</dd>
        <dt>Access requests</dt>
        <dd>{`${c.accessRequests.last12Months} in the last 12 months; ${c.accessRequests.open} open, ${c.accessRequests.overdue} overdue`}</dd>
        <dt>Staff notices</dt>
        <dd>{`${c.staff.acknowledgedCurrent} of ${c.staff.count} staff signed their current notice`}</dd>
        <dt>Routine viewing</dt>
        <dd>{c.routineViewingFlags ? `${c.routineViewingFlags} user(s) flagged for viewing footage without an incident` : 'No one flagged.'}</dd>
      </dl>
      <div class="scroll">
        <table class="dpia-cameras">
          <ColumnHeads names={['Camera', 'Area', 'Purposes', 'Records', 'Audio', 'Masks', 'Kept', 'Legal basis']} />
          <tbody>
            {m.cameras.map((cam) => (
              <tr key={cam.id} data-camera={cam.id}>
                <td>{cam.enabled ? cam.name : `${cam.name} (disabled)`}</td>
                <td>{cam.area ?? 'not set'}</td>
                <td>{cam.purposes.join('; ') || 'none'}</td>
                <td>{cam.schedule}</td>
                <td>{cam.audio}</td>
                <td>{cam.masks}</td>
                <td>{cam.retention}</td>
                <td>{cam.legalBasis ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The privacy impact assessment (owner only): facts filled in, the owner's answers, saved versions and when to review. */
function AssessmentPage(): JSX.Element {
  const data = useLoad(() => api<DpiaView>('GET', '/api/dpia'), DPIA_EVERY_MS);
  const outcome = useOutcome(() => data.reload());
  const { done, fail } = outcome;
  const view = data.data;
  const saveVersion = () => {
    void api<{ version: number }>('POST', '/api/dpia/versions')
      .then((v) => done(`Version ${v.version} of the assessment saved.`))
      .catch(fail);
  };
  const words = view ? reviewWords(view) : null;
  const [lang, setLang] = useDocumentLanguage(view?.documentLanguages);
  return (
    <>
      <h1>Privacy impact assessment</h1>
      <p>
        Why the cameras are needed, what else was tried and how the people filmed are protected, written down and reviewed at least once a year or when the
        cameras change. Premises fills in the facts; only you can answer the questions.
      </p>
      <OutcomeLines outcome={outcome} loadError={data.error} />
      {!view || !words ? (
        <p>Loading…</p>
      ) : (
        <>
          <section class="panel" aria-labelledby="dpia-review-h" data-review={view.review.state}>
            <h2 id="dpia-review-h">Review</h2>
            <p>
              <span class={`badge ${words.cls}`}>{words.badge}</span>
              {` ${words.text}`}
            </p>
          </section>
          <section aria-labelledby="dpia-questions-h">
            <h2 id="dpia-questions-h">Your answers</h2>
            {view.questions.map((q) => (
              <Answer key={q.key} q={q} done={done} />
            ))}
          </section>
          <section aria-labelledby="dpia-versions-h">
            <h2 id="dpia-versions-h">Versions</h2>
            <p class="hint">Saving fixes today's facts and your saved answers as a new version that cannot be changed afterwards.</p>
            <button type="button" onClick={saveVersion}>
              Save this version
            </button>
            <DocumentLanguagePicker
              languages={view.documentLanguages}
              value={lang}
              onChange={setLang}
              hint="The printed assessment, draft or saved version, in this language. Your answers are printed as you typed them."
            />
            <a class="print-dpia" href={withLang('/api/dpia.html', lang)} target="_blank" rel="noopener">
              Print the assessment as it stands
            </a>
            {view.versions.length ? (
              <ul class="dpia-versions">
                {[...view.versions].reverse().map((v) => (
                  <li key={v.version} data-version={v.version}>
                    {`Version ${v.version}, saved ${when(v.savedAt)} by ${v.savedBy} `}
                    <a href={withLang(`/api/dpia.html?version=${v.version}`, lang)} target="_blank" rel="noopener">
                      {`Print version ${v.version}`}
                    </a>
                  </li>
                ))}
              </ul>
            ) : (
              <p>No version saved yet.</p>
            )}
          </section>
          <Facts facts={view.facts} />
        </>
      )}
    </>
  );
}

export const assessmentPage = preactPage({ path: '/assessment', title: 'Assessment', needsUser: true, inMenu: (user) => user?.role === 'owner' }, AssessmentPage);
