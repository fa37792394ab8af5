import type { ComponentType } from 'preact';
import type { App, Page } from './app.js';

/**
 * A page whose body is a Preact component: it owns its state in hooks and
 * its polls update the DOM in place, so focus, typed text and scroll
 * survive a refresh. Leaving the page unmounts it, which runs every
 * effect's cleanup (timers, sockets).
 */
export function preactPage(page: Omit<Page, 'Body'>, Body: ComponentType<{ app: App }>): Page {
  return { ...page, Body };
}
