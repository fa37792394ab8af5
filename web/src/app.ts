import type { SessionInfo, User } from './api.js';

/** What every page gets: the session, and a way to go elsewhere or refresh the shell. */
export interface App {
  session: SessionInfo;
  user: User | null;
  /** Query parameters of the current route (#/setup?token=...). */
  params: URLSearchParams;
  go(path: string): void;
  refreshBanner(): void;
  /** Set the session after login or setup. */
  signedIn(info: Pick<SessionInfo, 'user' | 'csrfToken'>): void;
}

/**
 * A page: a route under #/, a title for the menu, who sees it, and a render
 * function that fills <main>. The live, playback and export pages plug in
 * here (docs/dashboard.md): add an entry to PAGES in main.ts.
 */
export interface Page {
  path: string;
  title: string;
  /** Shown in the menu for this user; undefined user = logged out. */
  inMenu(user: User | null): boolean;
  /** Needs a logged-in user. */
  needsUser: boolean;
  render(main: HTMLElement, app: App): Promise<void> | void;
  /** Called when leaving the page: stop timers. */
  leave?(): void;
}
