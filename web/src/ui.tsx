import type { ComponentChildren, JSX } from 'preact';
import type { CameraView } from './api.js';
import { cameraLabel } from './camera-label.js';
import { languageName } from './format.js';
import { useId, type Outcome } from './hooks.js';

/** A labelled form field (Preact twin of dom.ts field()): the label is tied to the input for screen readers. */
export function Field(props: { label: string; hint?: string; children: (id: string, describedBy?: string) => JSX.Element }): JSX.Element {
  const id = useId('f');
  const hintId = props.hint ? `${id}-hint` : undefined;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      {props.children(id, hintId)}
      {props.hint ? (
        <small id={hintId} class="hint">
          {props.hint}
        </small>
      ) : null}
    </div>
  );
}

export function ErrorLine(props: { error: string | null }): JSX.Element | null {
  return props.error ? (
    <p class="error" role="alert">
      {props.error}
    </p>
  ) : null;
}

export function Status(props: { children?: ComponentChildren; id?: string }): JSX.Element {
  return (
    <p role="status" class="status" id={props.id}>
      {props.children}
    </p>
  );
}

/** A group of camera checkboxes with one legend (the pages' camera picker). */
export function CameraChecks(props: { legend: string; cameras: CameraView[]; name: string; selected: Set<string>; onChange: (next: Set<string>) => void }): JSX.Element {
  return (
    <fieldset class="cameras-pick">
      <legend>{props.legend}</legend>
      {props.cameras.length ? (
        props.cameras.map((c) => (
          <div class="field check" key={c.id}>
            <input
              type="checkbox"
              name={props.name}
              value={c.id}
              id={`${props.name}-${c.id}`}
              checked={props.selected.has(c.id)}
              onChange={(e) => {
                const next = new Set(props.selected);
                if (e.currentTarget.checked) next.add(c.id);
                else next.delete(c.id);
                props.onChange(next);
              }}
            />
            <label for={`${props.name}-${c.id}`}>{cameraLabel(c.name, c.id)}</label>
          </div>
        ))
      ) : (
        <p>No camera you may act on.</p>
      )}
    </fieldset>
  );
}

/** The head row of a data table: one column header per name. */
export function ColumnHeads(props: { names: readonly string[] }): JSX.Element {
  return (
    <thead>
      <tr>
        {props.names.map((name, i) => (
          <th scope="col" key={`${i} ${name}`}>
            {name}
          </th>
        ))}
      </tr>
    </thead>
  );
}

/** A page's status line and error line: what its last action did, or why it or the last load failed. */
export function OutcomeLines(props: { outcome: Outcome; loadError: string | null }): JSX.Element {
  return (
    <>
      <p role="status" class="status">
        {props.outcome.status}
      </p>
      <ErrorLine error={props.outcome.error ?? props.loadError} />
    </>
  );
}

/** A choice among notice languages, named in English and in their own words ("French (Français)"). */
export function LanguageField(props: { label: string; hint?: string; languages: readonly string[]; value: string; onChange: (code: string) => void }): JSX.Element {
  return (
    <Field label={props.label} {...(props.hint ? { hint: props.hint } : {})}>
      {(id, hint) => (
        <select id={id} aria-describedby={hint} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
          {props.languages.map((code) => (
            <option key={code} value={code}>
              {languageName(code)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
