import { api } from '../api.js';
import { h } from '../dom.js';

/** The host clock's sync state for the footer of every page, asked at most once a minute. */
interface HostTime {
  host: { synchronized: boolean | null; detail: string };
  cameras: { skewed: boolean | null }[];
}

let cached: { at: number; text: string; title: string } | undefined;

export function clockFooter(): HTMLElement {
  const el = h('small', { class: 'clock-state' });
  const show = (c: { text: string; title: string }) => {
    el.textContent = ` · ${c.text}`;
    el.title = c.title;
  };
  if (cached && Date.now() - cached.at < 60_000) show(cached);
  else {
    void api<HostTime>('GET', '/api/time')
      .then((t) => {
        const skewed = t.cameras.filter((c) => c.skewed === true).length;
        const host = t.host.synchronized === true ? 'clock synchronised' : t.host.synchronized === false ? 'clock NOT synchronised' : 'clock sync unknown';
        cached = { at: Date.now(), text: `${host}${skewed ? `; ${skewed} camera clock${skewed === 1 ? '' : 's'} off` : ''}`, title: t.host.detail };
        show(cached);
      })
      .catch(() => undefined);
  }
  return el;
}
