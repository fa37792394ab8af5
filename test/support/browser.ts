import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { DashboardClient } from './dashboard-client.js';

/** Debian's chromium: no downloaded browser. */
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

/**
 * Launch chromium, inside network namespace `netns` when given: a small
 * wrapper script runs it under `ip netns exec`, so the browser reaches a
 * Premises that listens on that namespace's loopback. Playwright talks to it
 * over a pipe, which crosses the namespace boundary unchanged.
 */
export async function launchChromium(scratchDir: string, netns?: string, extraArgs: readonly string[] = []): Promise<Browser> {
  let executablePath = CHROMIUM;
  if (netns) {
    executablePath = join(scratchDir, 'chromium-in-netns.sh');
    writeFileSync(executablePath, `#!/bin/sh\nexec ip netns exec ${netns} ${CHROMIUM} "$@"\n`);
    chmodSync(executablePath, 0o755);
  }
  return chromium.launch({ executablePath, args: [...CHROMIUM_ARGS, ...extraArgs] });
}

/**
 * A context whose every request must go to `origin`: anything else is
 * aborted and collected, and the test asserts the list stays empty.
 */
export async function sameOriginContext(
  browser: Browser,
  origin: string,
  foreign: string[],
  options: { acceptDownloads?: boolean; viewport?: { width: number; height: number } } = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1366, height: 768 }, acceptDownloads: options.acceptDownloads ?? false });
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (new URL(url).origin !== origin) {
      foreign.push(url);
      await route.abort();
    } else await route.continue();
  });
  // WebSockets are not routed by context.route: check them as they open.
  context.on('page', (page) => {
    page.on('websocket', (ws) => {
      const u = new URL(ws.url());
      if (`${u.protocol === 'wss:' ? 'https:' : 'http:'}//${u.host}` !== origin) foreign.push(ws.url());
    });
  });
  return context;
}

/** The browser of one test: chromium, one context, one page, and what to assert about them. */
export interface BrowserFixture {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Requests to any other origin (aborted); a test asserts the list stays empty. Empty when no origin was given. */
  foreign: string[];
  /** Console errors and uncaught errors of the page (a CSP violation is one), with the page's URL. */
  consoleErrors: string[];
  /** The page as it is now, into `dir` (created if needed) as `<name>.png`. */
  shot(dir: string, name: string): Promise<Buffer>;
  close(): Promise<void>;
}

export interface BrowserOptions {
  /** Only this origin may be reached; omitted for pages loaded from files. */
  origin?: string;
  /** Run chromium inside this network namespace. */
  netns?: string;
  acceptDownloads?: boolean;
  viewport?: { width: number; height: number };
  /** Start logged in as this API client (its cookies go into the context). */
  loggedInAs?: DashboardClient;
  /** Extra chromium flags, e.g. an autoplay policy. */
  args?: string[];
}

/**
 * The one launch of every browser test: chromium (in a namespace if asked),
 * a context limited to the dashboard's origin, a page whose console errors
 * are collected. `close()` in the test's `after`.
 */
export async function openBrowser(scratchDir: string, options: BrowserOptions = {}): Promise<BrowserFixture> {
  const browser = await launchChromium(scratchDir, options.netns, options.args);
  try {
    const foreign: string[] = [];
    const consoleErrors: string[] = [];
    const viewport = options.viewport ?? { width: 1366, height: 768 };
    const context = options.origin
      ? await sameOriginContext(browser, options.origin, foreign, { acceptDownloads: options.acceptDownloads ?? false, viewport })
      : await browser.newContext({ viewport, acceptDownloads: options.acceptDownloads ?? false });
    if (options.loggedInAs && options.origin) {
      const url = options.origin;
      await context.addCookies([...options.loggedInAs.cookies].map(([name, value]) => ({ name, value, url })));
    }
    const page = await context.newPage();
    watchConsole(page, consoleErrors);
    return {
      browser,
      context,
      page,
      foreign,
      consoleErrors,
      shot: (dir, name) => screenshot(page, dir, name),
      close: () => browser.close(),
    };
  } catch (err) {
    await browser.close();
    throw err;
  }
}

/** The whole of `page` as it is now, into `dir` (created if needed) as `<name>.png`: the artifacts a failed step is read from. */
export function screenshot(page: Page, dir: string, name: string): Promise<Buffer> {
  mkdirSync(dir, { recursive: true });
  return page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

/** Collect the console errors and uncaught errors of `page` (a CSP violation is one) into `into`, with the page's URL. */
export function watchConsole(page: Page, into: string[]): void {
  page.on('console', (m) => {
    if (m.type() === 'error') into.push(`${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (err) => into.push(`${page.url()}: ${err.message}`));
}

/** The setup token of a printed or written setup link (`premises start`, `premises setup-link`, setup-link.txt). */
export function setupTokenIn(text: string): string {
  const token = /token=([A-Za-z0-9_-]+)/.exec(text)?.[1];
  if (!token) throw new Error(`no setup link in: ${text}`);
  return token;
}

/** Create the owner account through the API and log in; the client keeps the session. */
export async function createOwner(origin: string, token: string, password: string): Promise<DashboardClient> {
  const owner = new DashboardClient(origin);
  await owner.session();
  const setup = await owner.request('POST', '/api/setup', { token, username: 'owner', password, businessConfirmed: true });
  if (setup.status !== 201) throw new Error(`owner setup failed: ${setup.status} ${JSON.stringify(setup.body)}`);
  if (!owner.cookies.has('premises_session')) {
    const login = await owner.login('owner', password);
    if (login.status !== 200) throw new Error(`owner login failed: ${login.status}`);
  }
  return owner;
}

/** In the page: log in through the login page and wait for the cameras page. */
export async function logInPage(page: Page, origin: string, username: string, password: string): Promise<void> {
  await page.goto(`${origin}/#/login`);
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: 'Cameras', exact: true }).waitFor();
}
