import type { JSX } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

/**
 * A part still built with dom.ts h() inside a Preact page: built once at
 * mount and left alone by Preact's re-renders (it renders no children of
 * its own), so a poll never rebuilds it.
 */
export function Island(props: { build: () => Node; class?: string }): JSX.Element {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.replaceChildren(props.build());
    // Built once per mount on purpose: the caller keys the island.
  }, []);
  return <div ref={ref} class={props.class} />;
}

/** A DOM node made by older code (an SVG chart) shown in a Preact page; replaced when the caller makes a new one. */
export function DomNode(props: { node: Node; class?: string }): JSX.Element {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.replaceChildren(props.node);
  }, [props.node]);
  return <div ref={ref} class={props.class} />;
}
