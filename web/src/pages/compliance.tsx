import type { JSX } from 'preact';
import type { CameraCompliance, ComplianceView, SignState } from '../api-types.js';
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import type { App } from '../app.js';
import { when } from '../format.js';
import { useLoad } from '../hooks.js';
import { preactPage } from '../preact-page.js';
import { ColumnHeads, ErrorLine } from '../ui.js';
import { errorText, isManager } from './forms.js';
import { DocumentLanguagePicker, useDocumentLanguage, withLang } from '../document-language.js';

const SIGN_TEXT: Record<SignState, string> = {
  fresh: 'Fresh: the posted sign matches',
  stale: 'STALE: reprint and post',
  unconfirmed: 'Printed, not confirmed as posted',
  missing: 'Not printed yet',
  'not-covered': 'Not on the printed signs',
  'not-needed': 'No sign needed',
};

function SignLink(props: { camera: string; children: string }): JSX.Element {
  return (
    <a href={`/api/compliance/signage.html?camera=${encodeURIComponent(props.camera)}`} target="_blank" rel="noopener">
      {props.children}
    </a>
  );
}

/** "Am I compliant?" first, in one sentence, then what to fix. */
function Answer(props: { answer: ComplianceView['answer'] }): JSX.Element {
  const a = props.answer;
  return (
    <section class={`panel answer ${a.ok ? 'ok' : 'bad'}`} aria-labelledby="answer-h" data-compliant={a.ok ? 'yes' : 'no'}>
      <h2 id="answer-h">{a.ok ? 'Compliant' : 'Not compliant'}</h2>
      {a.ok ? (
        <p>Every camera passes every consent gate and its sign is up. premises report says the same.</p>
      ) : (
        <ul>
          {a.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

function CameraRow(props: { cam: CameraCompliance; confirm: (camera: string) => void }): JSX.Element {
  const cam = props.cam;
  const answer = cam.signage.answer;
  return (
    <tr data-camera={cam.id}>
      <th scope="row">
        {cam.name}
        <br />
        <small>{`${cam.id}${cam.origin === 'index' ? ' · added at run time' : ''}`}</small>
      </th>
      <td>
        {cam.purposes.length ? (
          <ul class="plain">
            {cam.purposes.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        ) : (
          <span class="badge bad">No purpose</span>
        )}
      </td>
      <td>{cam.area ?? <span class="badge bad">Not set</span>}</td>
      <td>
        {cam.gates.length === 0 ? (
          <span class="badge ok">All pass</span>
        ) : (
          <ul class="plain">
            {cam.gates.map((g) => (
              <li key={g.code}>
                <span class="badge bad">Fails</span>
                {` ${g.reason} `}
                <small>{`To fix: ${g.fix}`}</small>
              </li>
            ))}
          </ul>
        )}
        <p class="hint">{cam.mayRecordNow ? 'Recording allowed now.' : `Not recording now: ${cam.notRecordingBecause.join('; ') || 'disabled'}`}</p>
      </td>
      <td>
        {`${cam.retention.text} (cap ${cam.retention.capText})`}
        {cam.retention.overCap ? (
          <>
            {' '}
            <span class="badge warn">Over the cap</span>
            {cam.retention.justification ? <small>{` Justification: ${cam.retention.justification}`}</small> : null}
          </>
        ) : null}
      </td>
      <td>
        {cam.audio.on ? (
          <>
            <span class="badge warn">Audio ON</span>
            {cam.audio.justification ? <small>{` ${cam.audio.justification}`}</small> : null}
          </>
        ) : (
          'Off'
        )}
      </td>
      <td>{cam.masks ? `${cam.masks} mask${cam.masks === 1 ? '' : 's'}` : 'None'}</td>
      <td>{cam.schedule}</td>
      <td>
        {answer ? <span class={`badge sign-answer ${answer.ok ? 'ok' : 'bad'}`}>{answer.text}</span> : <span class="badge sign-not-needed">{SIGN_TEXT['not-needed']}</span>}
        {cam.signage.posted && cam.signage.status !== 'fresh' ? <small>{` Last confirmed print ${when(cam.signage.posted.at)} by ${cam.signage.posted.by}`}</small> : null}
        {cam.signage.sha256 ? (
          <p>
            <SignLink camera={cam.id}>{`Print the signs for ${cam.name}`}</SignLink>{' '}
            {cam.signage.status !== 'fresh' ? (
              <button type="button" onClick={() => props.confirm(cam.id)}>
                {`Confirm the ${cam.name} sign is posted`}
              </button>
            ) : null}
          </p>
        ) : null}
      </td>
    </tr>
  );
}

/**
 * The people side: who must sign their staff notice, the assessment's review, and who looks at footage without a
 * cause. Read-only here; the owner prints notices from the links and does the rest on the Staff and Assessment pages
 * (docs/staff-dpia.md).
 */
function StaffAndAssessment(props: { c: ComplianceView; owner: boolean }): JSX.Element {
  const { staffNotices, dpia, routineViewing } = props.c;
  return (
    <section class="panel" aria-labelledby="staff-h" data-staff-due={staffNotices.due.length} data-dpia={dpia.state}>
      <h2 id="staff-h">Staff notices and the privacy impact assessment</h2>
      <p>
        <span class={`badge ${staffNotices.due.length ? 'warn' : 'ok'}`}>{staffNotices.due.length ? 'Signatures needed' : 'Up to date'}</span>
        {` ${staffNotices.text}`}
        {props.owner ? (
          <>
            {' '}
            <a href="#/staff">Add staff and record signatures on the Staff page</a>
          </>
        ) : null}
      </p>
      {props.owner && staffNotices.due.length ? (
        <ul class="plain">
          {staffNotices.due.map((s) => (
            <li key={s.id}>
              <a href={`/api/staff/${s.id}/notice.html`} target="_blank" rel="noopener">
                {`Print the notice for ${s.name}`}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      {staffNotices.workstations.length ? (
        <ul>
          {staffNotices.workstations.map((w) => (
            <li key={w.camera}>
              <span class="badge warn">Workstation</span>
              {` ${w.text}`}
            </li>
          ))}
        </ul>
      ) : null}
      <p>
        <span class={`badge ${dpia.state === 'current' ? 'ok' : 'warn'}`}>{dpia.state === 'current' ? 'Assessment current' : 'Assessment needs you'}</span>
        {` ${dpia.text}`}
        {props.owner ? (
          <>
            {' '}
            <a href="/api/dpia.html" target="_blank" rel="noopener">
              Open the assessment
            </a>{' '}
            <a href="#/assessment">Answer and save it on the Assessment page</a>
          </>
        ) : null}
      </p>
      <h3>Routine viewing (last 30 days)</h3>
      {routineViewing.length === 0 ? (
        <p>No one flagged.</p>
      ) : (
        <ul>
          {routineViewing.map((f) => (
            <li key={f.actor}>{f.text}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Every camera against the rules: one answer first, then purposes, area, gates, retention vs the cap, audio, masks, schedule, signs. */
function CompliancePage(props: { app: App }): JSX.Element {
  const data = useLoad(() => api<ComplianceView>('GET', '/api/compliance'));
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);
  const c = data.data;
  const [lang, setLang] = useDocumentLanguage(c?.documentLanguages);
  const confirm = (camera: string) => {
    if (!c) return;
    setError(null);
    const shaOf = new Map(c.signs.map((s) => [s.key, s.sha256]));
    const keys = camera === 'all' ? c.signs.map((s) => s.key) : [`notice:${camera}`, 'policy', 'staff'];
    const sha256 = Object.fromEntries(keys.map((k) => [k, shaOf.get(k) ?? '']));
    void api<{ staleSigns: string[] }>('POST', `/api/compliance/signage/${encodeURIComponent(camera)}/confirm`, { sha256 })
      .then(async () => {
        await data.reload();
        setStatus(`Signs for ${camera === 'all' ? 'every camera' : camera} confirmed as posted.`);
        props.app.refreshBanner();
      })
      .catch((err: unknown) => setError(errorText(err)));
  };
  return (
    <>
      <h1>Compliance</h1>
      <p role="status" class="status">
        {status}
      </p>
      <ErrorLine error={error ?? data.error} />
      {!c ? (
        <p>Loading…</p>
      ) : (
        <>
          <Answer answer={c.answer} />
          <StaffAndAssessment c={c} owner={props.app.user?.role === 'owner'} />
          <dl>
            <dt>Business</dt>
            <dd>{c.business ? `${c.business.name} · accountable: ${c.business.contact}` : <span class="badge bad">No business profile: no camera records</span>}</dd>
            <dt>Privacy law</dt>
            <dd>{c.jurisdiction.label}</dd>
            <dt>Retention</dt>
            <dd>{`default ${c.jurisdiction.defaultRetention}, cap without a justification ${c.jurisdiction.cap}`}</dd>
            <dt>Access requests</dt>
            <dd>{`answered within ${c.jurisdiction.accessDeadline}`}</dd>
            <dt>Time zone</dt>
            <dd>{c.timezone}</dd>
          </dl>
          {c.staleSigns.length ? (
            <p class="badge stale-line sign-stale" role="alert">
              {`Stale signs: ${c.staleSigns.join(', ')}. Print them again, post them, then confirm.`}
            </p>
          ) : null}
          <DocumentLanguagePicker languages={c.documentLanguages} value={lang} onChange={setLang} hint="The record of processing is printed in this language." />
          <p class="actions">
            <SignLink camera="all">Print every sign (notices, policy page, staff notice)</SignLink>
            {' · '}
            <a class="print-report" href={withLang('/api/compliance/report.html', lang)} target="_blank" rel="noopener">
              Print the record of processing
            </a>
            {' · '}
            {c.signs.some((s) => s.status !== 'fresh') ? (
              <button type="button" onClick={() => confirm('all')}>
                Confirm every printed sign is posted
              </button>
            ) : null}
          </p>
          <p class="hint">Confirm only after printing the signs as they are now and putting them up: a sign that changed since it was opened is refused.</p>
          <div class="scroll">
            <table class="compliance">
              <caption class="sr-only">Each camera against the rules</caption>
              <ColumnHeads names={['Camera', 'Purposes', 'Area', 'Gates', 'Retention', 'Audio', 'Masks', 'Schedule', 'Sign']} />
              <tbody>
                {c.cameras.map((cam) => (
                  <CameraRow key={cam.id} cam={cam} confirm={confirm} />
                ))}
              </tbody>
            </table>
          </div>
          <h2>Policy page and staff notice</h2>
          <ul>
            {c.signs
              .filter((s) => s.camera === null)
              .map((s) => (
                <li key={s.key}>
                  {`${s.key}: `}
                  <span class={`badge sign-${s.status}`}>{SIGN_TEXT[s.status]}</span>
                  {` ${s.text}`}
                </li>
              ))}
          </ul>
        </>
      )}
    </>
  );
}

export const compliancePage = preactPage({ path: '/compliance', title: 'Compliance', needsUser: true, inMenu: (user) => isManager(user?.role) }, CompliancePage);
