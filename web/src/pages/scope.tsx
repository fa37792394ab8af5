import type { JSX } from 'preact';
import type { CameraScope } from '../api-types.js';
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { ErrorLine, Field } from '../ui.js';
import { MasksSection } from './masks.js';

/** The owner's form for a discovered camera's scope: what the consent gates check. Config cameras change in the YAML. */
const AREAS = ['entrance', 'cash', 'kitchen', 'storage', 'staff', 'dining', 'outdoor', 'washroom', 'changing'] as const;

function ScopeForm(props: { cameraId: string; cameraName: string; scope: CameraScope; done: (message: string) => void }): JSX.Element {
  const { cameraId, cameraName, scope } = props;
  const [purposes, setPurposes] = useState((scope.purposes ?? []).join('\n'));
  const [area, setArea] = useState(scope.area ?? '');
  const [location, setLocation] = useState(scope.signage?.location ?? '');
  const [date, setDate] = useState(scope.signage?.date ?? '');
  const [confirmedBy, setConfirmedBy] = useState(scope.signage?.confirmedBy ?? '');
  const [error, setError] = useState<string | null>(null);
  const submit = (e: Event) => {
    e.preventDefault();
    setError(null);
    const changes: Record<string, unknown> = {};
    const list = purposes
      .split('\n')
      .map((p) => p.trim())
      .filter(Boolean);
    if (list.length) changes['purposes'] = list;
    if (area) changes['area'] = area;
    if (location || date || confirmedBy) changes['signage'] = { location, date, confirmedBy };
    void api('PUT', `/api/cameras/${encodeURIComponent(cameraId)}/scope`, changes)
      .then(() => props.done(`Scope of ${cameraName} saved.`))
      .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
  };
  return (
    <form class="scope" onSubmit={submit}>
      <Field label={`Purposes of ${cameraName}, one per line`} hint='Name the problem, e.g. "investigate till discrepancies at the cash desk".'>
        {(id, hint) => <textarea id={id} aria-describedby={hint} name="purposes" rows={3} value={purposes} onInput={(e) => setPurposes(e.currentTarget.value)} />}
      </Field>
      <Field label="Area it films">
        {(id) => (
          <select id={id} name="area" value={area} onChange={(e) => setArea(e.currentTarget.value)}>
            <option value="">(choose)</option>
            {AREAS.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        )}
      </Field>
      <fieldset>
        <legend>Privacy sign posted</legend>
        <Field label="Where the sign is">{(id) => <input id={id} name="sign-location" value={location} onInput={(e) => setLocation(e.currentTarget.value)} />}</Field>
        <Field label="Date posted">{(id) => <input id={id} name="sign-date" type="date" value={date} onInput={(e) => setDate(e.currentTarget.value)} />}</Field>
        <Field label="Confirmed by">{(id) => <input id={id} name="sign-confirmed-by" value={confirmedBy} onInput={(e) => setConfirmedBy(e.currentTarget.value)} />}</Field>
      </fieldset>
      <ErrorLine error={error} />
      <button type="submit">{`Save the scope of ${cameraName}`}</button>
    </form>
  );
}

function ScopeDetails(props: { cameraId: string; cameraName: string; done: (message: string) => void }): JSX.Element {
  const [scope, setScope] = useState<CameraScope | null>(null);
  const [error, setError] = useState<string | null>(null);
  const toggled = (e: Event) => {
    if (!(e.currentTarget as HTMLDetailsElement).open || scope) return;
    void api<{ scope: CameraScope }>('GET', `/api/cameras/${encodeURIComponent(props.cameraId)}/scope`)
      .then((r) => setScope(r.scope))
      .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
  };
  return (
    <details onToggle={toggled}>
      <summary>Purposes, area and signage</summary>
      {error ? <p class="error">{error}</p> : null}
      {scope ? <ScopeForm cameraId={props.cameraId} cameraName={props.cameraName} scope={scope} done={props.done} /> : null}
    </details>
  );
}

/** The owner's sections for a discovered camera: its scope, and its privacy masks with their CPU cost. */
export function ScopeSections(props: { cameraId: string; cameraName: string; done: (message: string) => void }): JSX.Element {
  const { cameraId, cameraName, done } = props;
  return (
    <div class="scope-sections">
      <ScopeDetails cameraId={cameraId} cameraName={cameraName} done={done} />
      <MasksSection cameraId={cameraId} cameraName={cameraName} done={done} />
    </div>
  );
}
