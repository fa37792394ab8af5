import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

/** Debian's chromium, as the issue names it: no downloaded browser. */
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

/**
 * Launch chromium, inside network namespace `netns` when given: a small
 * wrapper script runs it under `ip netns exec`, so the browser reaches a
 * Premises that listens on that namespace's loopback. Playwright talks to it
 * over a pipe, which crosses the namespace boundary unchanged.
 */
export async function launchChromium(scratchDir: string, netns?: string): Promise<Browser> {
  let executablePath = CHROMIUM;
  if (netns) {
    executablePath = join(scratchDir, 'chromium-in-netns.sh');
    writeFileSync(executablePath, `#!/bin/sh\nexec ip netns exec ${netns} ${CHROMIUM} "$@"\n`);
    chmodSync(executablePath, 0o755);
  }
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}

/**
 * A context whose every request must go to `origin`: anything else is
 * aborted and collected, and the test asserts the list stays empty.
 */
export async function sameOriginContext(browser: Browser, origin: string, foreign: string[], options: { acceptDownloads?: boolean } = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, acceptDownloads: options.acceptDownloads ?? false });
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
