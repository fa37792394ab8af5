import './redaction.css';
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { RedactionFrameView, RedactionJobView, TrackRoleName } from '../../../src/api/contracts/redactions.js';
import { api } from '../api.js';
import type { App } from '../app.js';
import { when } from '../format.js';
import { useLoad } from '../hooks.js';
import { usePost, type Act } from '../post.js';
import { preactPage } from '../preact-page.js';
import { ErrorLine, Field } from '../ui.js';
import { isManager } from './forms.js';

/**
 * Automatic bystander redaction (docs/redaction.md): start it for an access
 * request, look at every review frame (boxes drawn: red blurred, green the
 * requester, grey not a face), click the requester's face, blur or un-blur a
 * track, publish (the export, with you as the reviewer) or discard.
 */

const ROLE_TEXT: Record<TrackRoleName, string> = { requester: 'requester (kept)', bystander: 'blurred', 'not-a-face': 'not a face (kept)' };

function StartForm(props: { request: string; act: Act }): JSX.Element {
  const [request, setRequest] = useState(props.request);
  const [legalBasis, setLegalBasis] = useState('');
  return (
    <form
      class="panel"
      onSubmit={(e) => {
        e.preventDefault();
        void props.act('/api/redactions', { request: Number(request), legalBasis }, `Faces are being found in the footage of request ${request}; the review appears below when it is done.`);
      }}
    >
      <h2>Redact an access request's footage</h2>
      <Field label="Access request number" hint="The request's cameras and times are used; every face is blurred unless you mark it.">
        {(id, hint) => <input id={id} aria-describedby={hint} name="redact-request" required inputMode="numeric" pattern="[0-9]+" value={request} onInput={(e) => setRequest(e.currentTarget.value)} />}
      </Field>
      <Field label="Legal basis" hint="Goes into the export's manifest, for example the access right of your privacy law.">
        {(id, hint) => <input id={id} aria-describedby={hint} name="redact-legal-basis" required maxLength={2000} value={legalBasis} onInput={(e) => setLegalBasis(e.currentTarget.value)} />}
      </Field>
      <button type="submit">Find the faces</button>
    </form>
  );
}

function FrameView(props: { job: RedactionJobView; frame: RedactionFrameView; act: Act }): JSX.Element {
  const { job, frame, act } = props;
  const click = (e: MouseEvent) => {
    const img = e.currentTarget as HTMLImageElement;
    const x = Math.round((e.offsetX * frame.width) / img.clientWidth);
    const y = Math.round((e.offsetY * frame.height) / img.clientHeight);
    void act(`/api/redactions/${job.id}/pick`, { camera: frame.camera, at: frame.at, x, y }, `The face at ${when(frame.at)} is the requester: it stays visible.`);
  };
  return (
    <figure class="redaction-frame" data-frame={frame.index}>
      <img src={`${frame.image}?v=${frame.boxes.map((b) => `${b.track}${b.role[0] ?? ''}`).join('')}`} alt={`Review frame of ${frame.camera} at ${when(frame.at)}`} width={320} onClick={click} />
      <figcaption>
        {`${frame.camera} ${when(frame.at)}`}
        <ul>
          {frame.boxes.map((b) => (
            <li key={b.track} data-track={b.track}>
              {`#${b.track}: ${ROLE_TEXT[b.role]} `}
              {b.role === 'bystander' ? (
                <button type="button" onClick={() => void act(`/api/redactions/${job.id}/mark`, { track: b.track, role: 'not-a-face' }, `Track ${b.track} will not be blurred.`)}>
                  Unblur
                </button>
              ) : (
                <button type="button" onClick={() => void act(`/api/redactions/${job.id}/mark`, { track: b.track, role: 'bystander' }, `Track ${b.track} will be blurred.`)}>
                  Blur
                </button>
              )}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}

function JobCard(props: { job: RedactionJobView; open: boolean; act: Act }): JSX.Element {
  const { job, act } = props;
  const detail = useLoad(() => (props.open ? api<{ redaction: RedactionJobView; frames: RedactionFrameView[] }>('GET', `/api/redactions/${job.id}`) : Promise.resolve(null)), undefined, [props.open, job.state, JSON.stringify(job.summary)]);
  const [reason, setReason] = useState('');
  const s = detail.data?.redaction.summary ?? job.summary;
  const reload: Act = (path, body, message) => act(path, body, message).then(async (ok) => (ok && (await detail.reload()), ok));
  return (
    <section class="panel" data-redaction={job.id} aria-labelledby={`red-${job.id}`}>
      <h2 id={`red-${job.id}`}>{`Redaction ${job.id}: ${job.state}`}</h2>
      <p>{`Access request ${job.request ?? '—'}, ${job.cameras.join(', ')}: ${when(job.from)} – ${when(job.to)}. Started by ${job.createdBy}.`}</p>
      {s ? <p>{`${s.tracks} face track(s): ${s.requester} requester, ${s.blurred} blurred, ${s.notAFace} not a face, ${s.addedByReviewer} added by hand.`}</p> : null}
      {job.state === 'analysing' ? <p>Finding and following faces… (about a minute of work per minute of footage)</p> : null}
      {job.state === 'published' ? <p>{`Published as export ${job.exportId ?? ''}, reviewed by ${job.reviewer ?? ''}: it is on the Exports page.`}</p> : null}
      {job.error ? <p class="error">{job.error}</p> : null}
      {job.state === 'review' && !props.open ? <a href={`#/redaction?job=${job.id}`}>Review it</a> : null}
      {job.state === 'review' && props.open ? (
        <>
          <p>Look at every frame. Click the requester's face once (green); every red box is blurred. A track broken in pieces needs each piece marked.</p>
          <ErrorLine error={detail.error} />
          <div class="redaction-strip">{detail.data?.frames.map((f) => <FrameView key={f.index} job={job} frame={f} act={reload} />)}</div>
          <button
            type="button"
            onClick={() => {
              const none = (s?.requester ?? 0) === 0;
              const question = none
                ? 'No face is marked as the requester: every face will be blurred. Publish anyway?'
                : 'Publish the export with every red box blurred? You are recorded as the reviewer.';
              if (window.confirm(question)) void act(`/api/redactions/${job.id}/publish`, { allBlurred: none }, `Redaction ${job.id} published: the export is on the Exports page.`);
            }}
          >
            Publish the export
          </button>
        </>
      ) : null}
      {['analysing', 'review'].includes(job.state) ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (window.confirm(`Discard redaction ${job.id}? Its detections are deleted.`)) void act(`/api/redactions/${job.id}/discard`, { reason }, `Redaction ${job.id} discarded.`);
          }}
        >
          <Field label="Why discard it?">
            {(id) => <input id={id} name="discard-reason" required maxLength={2000} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />}
          </Field>
          <button type="submit">Discard</button>
        </form>
      ) : null}
    </section>
  );
}

function RedactionPage(props: { app: App }): JSX.Element {
  const showAll = props.app.params.get('all') === '1';
  const openJob = props.app.params.get('job') ?? '';
  const data = useLoad(() => api<{ redactions: RedactionJobView[] }>('GET', `/api/redactions${showAll ? '?all=1' : ''}`), 5_000, [showAll]);
  const { act, status, error } = usePost(data.reload);
  return (
    <>
      <h1>Redaction</h1>
      <p>Footage for a person who asked for their own images, with every other face blurred. The detector finds faces; you check every frame before it goes out.</p>
      <p role="status" class="status">
        {status}
      </p>
      <ErrorLine error={error ?? data.error} />
      <p>
        <a href={showAll ? '#/redaction' : '#/redaction?all=1'}>{showAll ? 'Show open redactions only' : 'Show ended redactions too'}</a>
      </p>
      {!data.data ? (
        <p>Loading…</p>
      ) : (
        <>
          {data.data.redactions.length === 0 ? <p>No redactions.</p> : null}
          {data.data.redactions.map((j) => (
            <JobCard key={j.id} job={j} open={j.id === openJob || (openJob === '' && j.state === 'review' && data.data?.redactions.filter((x) => x.state === 'review').length === 1)} act={act} />
          ))}
          <StartForm request={props.app.params.get('request') ?? ''} act={act} />
        </>
      )}
    </>
  );
}

export const redactionPage = preactPage({ path: '/redaction', title: 'Redaction', needsUser: true, inMenu: (user) => isManager(user?.role) }, RedactionPage);
