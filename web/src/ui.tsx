import type { ComponentChildren, JSX } from 'preact';
import { useId } from './hooks.js';

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
