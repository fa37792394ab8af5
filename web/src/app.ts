import type { ComponentType } from 'preact';
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
 * A page: a route under #/, a title for the menu, who sees it, and the
 * Preact component that fills <main>. The shell mounts it when the route
 * is taken and unmounts it when the user leaves, which runs every effect's
 * cleanup (timers, sockets, viewing sessions). Add an entry to PAGES in
 * main.tsx.
 */
export interface Page {
  path: string;
  title: string;
  /** Shown in the menu for this user; undefined user = logged out. */
  inMenu(user: User | null): boolean;
  /** Needs a logged-in user. */
  needsUser: boolean;
  Body: ComponentType<{ app: App }>;
}
