/**
 * When the dashboard's own shell opened (from the service worker's copy) but
 * the recorder did not answer: say so plainly instead of "Loading…", and
 * try again by itself when the device is back on the network.
 */
export function showUnreachable(err: unknown): void {
  // Before the shell renders, the page holds only #app; after, the page body is #main.
  const main = document.getElementById('main') ?? document.getElementById('app');
  if (!main) return;
  const h1 = document.createElement('h1');
  h1.textContent = 'The recorder cannot be reached';
  const p = document.createElement('p');
  p.setAttribute('role', 'alert');
  p.textContent = `This device cannot reach Premises right now (${err instanceof Error ? err.message : String(err)}). Check that it is on the restaurant's network and that the recorder is on; this page tries again every 10 seconds.`;
  main.replaceChildren(h1, p);
  window.addEventListener('online', () => location.reload(), { once: true });
  window.setTimeout(() => location.reload(), 10_000);
}
