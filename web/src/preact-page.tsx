import { render, type ComponentType } from 'preact';
import type { App, Page } from './app.js';

/**
 * A page whose body is a Preact component: it owns its state in hooks and
 * its polls update the DOM in place, so focus, typed text and scroll
 * survive a refresh. Leaving the page unmounts it, which runs every
 * effect's cleanup (timers, sockets).
 */
export function preactPage(page: Omit<Page, 'render' | 'leave'>, Body: ComponentType<{ app: App }>): Page {
  let mounted: HTMLElement | null = null;
  return {
    ...page,
    render(main, app) {
      // The router shows "Loading…" as plain DOM: clear it so Preact owns an empty container.
      if (mounted !== main) main.replaceChildren();
      mounted = main;
      render(<Body app={app} />, main);
    },
    leave() {
      if (mounted) render(null, mounted);
      mounted = null;
    },
  };
}
