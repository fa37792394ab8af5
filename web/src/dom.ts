/**
 * Elements built with createElement and textContent only: no innerHTML, so
 * text from cameras, alarms or the audit log can never become markup.
 */
export type Child = Node | string | number | null | undefined | false;
type Attr = string | boolean | number | undefined | ((event: Event) => void);

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, Attr> = {}, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(name.replace(/^on/, '').toLowerCase(), value);
    else if (value === true) el.setAttribute(name, '');
    else el.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === 'string' || typeof child === 'number' ? String(child) : child);
  }
  return el;
}

let fieldSeq = 0;
/** A labelled form field: the label is tied to the input for screen readers. */
export function field(label: string, input: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, hint?: string): HTMLElement {
  const id = input.id || `f${++fieldSeq}`;
  input.id = id;
  const hintEl = hint ? h('small', { id: `${id}-hint`, class: 'hint' }, hint) : null;
  if (hintEl) input.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: 'field' }, h('label', { for: id }, label), input, hintEl);
}

export function when(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

export function replace(target: HTMLElement, ...children: (Child | Child[])[]): void {
  target.replaceChildren(...children.flat().filter((c): c is Node | string | number => c !== null && c !== undefined && c !== false).map((c) => (typeof c === 'number' ? String(c) : c)));
}

/**
 * A date as the dashboard writes dates in charts and tables: the browser's
 * locale, day and short month ("6 Dec"), like when() uses its locale and
 * time zone. `utc` for days the index counts in UTC, so the label is the
 * day the numbers belong to.
 */
export function dayText(ms: number, options: { utc?: boolean; year?: boolean } = {}): string {
  return new Date(ms).toLocaleDateString(undefined, { day: 'numeric', month: 'short', ...(options.year ? { year: 'numeric' } : {}), ...(options.utc ? { timeZone: 'UTC' } : {}) });
}
