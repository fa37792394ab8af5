import { cameraLabel } from '../camera-label.js';
import { h } from '../dom.js';

/** Helpers shared by the holds, requests and compliance pages. */
export const isManager = (role: string | undefined): boolean => role === 'owner' || role === 'manager';

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A datetime-local value (the browser's local time) as UTC ISO, or '' when empty/invalid. */
export function localToIso(value: string): string {
  if (!value) return '';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString();
}

/** Today's date in the browser's time zone, YYYY-MM-DD. */
export function todayLocal(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** A group of camera checkboxes with one legend. */
export function cameraChecks(legend: string, cameras: { id: string; name: string }[], name: string): { fieldset: HTMLFieldSetElement; selected: () => string[] } {
  const boxes = cameras.map((c) => {
    const box = h('input', { type: 'checkbox', name, value: c.id, id: `${name}-${c.id}` });
    return { box, el: h('div', { class: 'field check' }, box, h('label', { for: box.id }, cameraLabel(c.name, c.id))) };
  });
  return {
    fieldset: h('fieldset', { class: 'cameras-pick' }, h('legend', {}, legend), boxes.length ? boxes.map((b) => b.el) : h('p', {}, 'No camera you may act on.')),
    selected: () => boxes.filter((b) => b.box.checked).map((b) => b.box.value),
  };
}
