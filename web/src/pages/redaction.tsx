import './redaction.css';
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { RedactionFrameView, RedactionJobView, RedactionReviewView, TrackRoleName } from '../../../src/api/contracts/redactions.js';
import { api } from '../api.js';
import type { App } from '../app.js';
import { when } from '../format.js';
import { useLoad } from '../hooks.js';
import { usePost, type Act } from '../post.js';
import { preactPage } from '../preact-page.js';
import { ErrorLine, Field } from '../ui.js';
import { isManager } from './forms.js';
import { BoxForm, draftSpan, FramePicture, middleBox, newDraft, type Draft, type PixelBox, type ShownBox } from './redaction-draw.js';

/**
 * Automatic bystander redaction (docs/redaction.md): start it for an access
 * request, look at every review frame (boxes drawn: red blurred, green the
 * requester, grey not a face), click the requester's face, blur or un-blur a
 * track, draw a box the detector missed (redaction-draw.tsx) or remove one
 * drawn, publish (the export, with you as the reviewer) or discard.
 */

const ROLE_TEXT: Record<TrackRoleName, string> = { requester: 'requester (kept)', bystander: 'blurred', 'not-a-face': 'not a face (kept)' };
/** A role this page does not know yet (a newer server) is shown by its name. */
/** A whole-person box marked "not-a-face" is a false person: the API keeps one role name for both kinds. */
const roleText = (role: string, kind?: string): string =>
  kind === 'person' && role === 'not-a-face' ? 'not a person (kept)' : ((ROLE_TEXT as Record<string, string | undefined>)[role] ?? role);

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

function FrameView(props: { job: RedactionJobView; frames: RedactionFrameView[]; frame: RedactionFrameView; added: ReadonlySet<number>; draft: Draft | null; setDraft: (d: Draft | null) => void; act: Act }): JSX.Element {
  const { job, frames, frame, act, draft } = props;
  const boxes = frame.boxes as ShownBox[];
  const mine = draft?.frame === frame.index ? draft : null;
  // Shown on every frame the box being drawn would cover, so the span can be judged before it is sent.
  const covered = draft && frames[draft.frame]?.camera === frame.camera && frame.index >= draft.from && frame.index <= draft.to ? draft.box : null;
  const start = (box: PixelBox, typed: boolean) => props.setDraft(newDraft(frames, frame.index, box, typed, (draft?.seq ?? 0) + 1));
  const add = (d: Draft) => {
    const span = draftSpan(frames, d);
    const first = frames[d.from]!;
    const last = frames[d.to]!;
    void act(
      `/api/redactions/${job.id}/boxes`,
      { camera: frame.camera, from: new Date(span.from).toISOString(), to: new Date(span.to).toISOString(), ...d.box },
      `A box is blurred on ${frame.camera} from ${new Date(first.at).toLocaleTimeString()} to ${new Date(last.at).toLocaleTimeString()}.`,
    ).then((ok) => ok && props.setDraft(null));
  };
  return (
    <figure class="redaction-frame" data-frame={frame.index}>
      <FramePicture
        frame={frame}
        boxes={boxes}
        draft={covered}
        src={`${frame.image}?v=${boxes.map((b) => `${b.track}${b.role[0] ?? ''}`).join('')}`}
        alt={`Review frame of ${frame.camera} at ${when(frame.at)}`}
        onDraw={(box) => start(box, false)}
        onPoint={(x, y) => void act(`/api/redactions/${job.id}/pick`, { camera: frame.camera, at: frame.at, x, y }, `The face at ${when(frame.at)} is the requester: it stays visible.`)}
      />
      <figcaption>
        {`${frame.camera} ${when(frame.at)}`}
        <ul>
          {boxes.map((b) => (
            <li key={b.track} data-track={b.track}>
              {`#${b.track}${b.kind && b.kind !== 'face' ? ` (${b.kind})` : ''}: ${roleText(b.role, b.kind)}${props.added.has(b.track) ? ', drawn by hand' : ''} `}
              {props.added.has(b.track) ? (
                <button type="button" onClick={() => void act(`/api/redactions/${job.id}/unbox`, { track: b.track }, `Box ${b.track} removed from every frame.`)}>
                  {`Remove box ${b.track}`}
                </button>
              ) : b.role === 'bystander' ? (
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
        {mine ? (
          <BoxForm frames={frames} draft={mine} onChange={props.setDraft} onSubmit={add} onCancel={() => props.setDraft(null)} />
        ) : (
          <button type="button" class="redaction-add" onClick={() => start(middleBox(frame), true)}>
            Add a box on this frame
          </button>
        )}
      </figcaption>
    </figure>
  );
}

function JobCard(props: { job: RedactionJobView; open: boolean; act: Act }): JSX.Element {
  const { job, act } = props;
  const detail = useLoad(() => (props.open ? api<RedactionReviewView>('GET', `/api/redactions/${job.id}`) : Promise.resolve(null)), undefined, [props.open, job.state, JSON.stringify(job.summary)]);
  const [reason, setReason] = useState('');
  const [draft, setDraft] = useState<Draft | null>(null);
  const s = detail.data?.redaction.summary ?? job.summary;
  const reload: Act = (path, body, message) => act(path, body, message).then(async (ok) => (ok && (await detail.reload()), ok));
  const frames = detail.data?.frames ?? [];
  const added = new Set(detail.data?.addedTracks ?? []);
  return (
    <section class="panel" data-redaction={job.id} aria-labelledby={`red-${job.id}`}>
      <h2 id={`red-${job.id}`}>{`Redaction ${job.id}: ${job.state}`}</h2>
      <p>{`Access request ${job.request ?? '—'}, ${job.cameras.join(', ')}: ${when(job.from)} – ${when(job.to)}. Started by ${job.createdBy}.`}</p>
      {s ? <p>{`${s.tracks} track(s)${s.persons ? ` (${s.persons} of them whole persons)` : ''}: ${s.requester} requester, ${s.blurred} blurred, ${s.notAFace} not a face, ${s.addedByReviewer} added by hand.`}</p> : null}
      {job.state === 'analysing' ? <p>Finding and following faces… (about a minute of work per minute of footage)</p> : null}
      {job.state === 'published' ? <p>{`Published as export ${job.exportId ?? ''}, reviewed by ${job.reviewer ?? ''}: it is on the Exports page.`}</p> : null}
      {job.error ? <p class="error">{job.error}</p> : null}
      {job.state === 'review' && !props.open ? <a href={`#/redaction?job=${job.id}`}>Review it</a> : null}
      {job.state === 'review' && props.open ? (
        <>
          <p>
            Look at every frame. Click the requester's face once (green); every red box is blurred. A track broken in pieces needs each piece marked. A face the detector missed: drag a
            box around it on the picture (or use "Add a box on this frame" and type it), choose the frames to blur it on, and press "Blur this box".
          </p>
          <ErrorLine error={detail.error} />
          <div class="redaction-strip">
            {frames.map((f) => (
              <FrameView key={f.index} job={job} frames={frames} frame={f} added={added} draft={draft} setDraft={setDraft} act={reload} />
            ))}
          </div>
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
