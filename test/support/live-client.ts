import WebSocket from 'ws';

/**
 * A live-view client as the dashboard page is one: opens the camera's
 * WebSocket with the session cookie and the page's Origin, and collects the
 * stream (the JSON header, the init segment, fragments, the closing reason).
 */
export interface LiveCapture {
  header: { type: string; codec: string; width: number; height: number } | undefined;
  init: Buffer | undefined;
  fragments: { at: number; bytes: Buffer }[];
  end: { type: string; reason: string } | undefined;
  closeCode: number | undefined;
  closed: Promise<void>;
  /** Resolves when `n` fragments have arrived (rejects if the socket closes first or after `timeoutMs`). */
  fragmentsArrived(n: number, timeoutMs: number): Promise<void>;
  close(): void;
  /** init + every fragment so far: a playable fragmented MP4. */
  mp4(): Buffer;
}

export type UpgradeResult = { status: number } | { capture: LiveCapture };

export function openLive(origin: string, camera: string, cookie: string | undefined, options: { origin?: string | null; stream?: string } = {}): Promise<UpgradeResult> {
  const headers: Record<string, string> = {};
  if (cookie) headers['cookie'] = cookie;
  const sentOrigin = options.origin === undefined ? origin : options.origin;
  const query = options.stream === undefined ? '' : `?stream=${encodeURIComponent(options.stream)}`;
  const ws = new WebSocket(`${origin.replace(/^http/, 'ws')}/api/cameras/${camera}/live${query}`, { headers, ...(sentOrigin === null ? {} : { origin: sentOrigin }) });
  ws.binaryType = 'nodebuffer';
  return new Promise((resolve, reject) => {
    ws.once('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0 });
      res.resume();
      ws.terminate();
    });
    ws.once('error', (err) => reject(err));
    ws.once('open', () => {
      let waiter: { n: number; resolve: () => void; reject: (e: Error) => void } | undefined;
      let closeResolve: () => void = () => undefined;
      const capture: LiveCapture = {
        header: undefined,
        init: undefined,
        fragments: [],
        end: undefined,
        closeCode: undefined,
        closed: new Promise((r) => (closeResolve = r)),
        fragmentsArrived(n, timeoutMs) {
          if (capture.fragments.length >= n) return Promise.resolve();
          return new Promise((res, rej) => {
            const timer = setTimeout(() => rej(new Error(`only ${capture.fragments.length} of ${n} fragments within ${timeoutMs} ms`)), timeoutMs);
            waiter = {
              n,
              resolve: () => {
                clearTimeout(timer);
                res();
              },
              reject: (e) => {
                clearTimeout(timer);
                rej(e);
              },
            };
          });
        },
        close: () => ws.close(),
        mp4: () => Buffer.concat([capture.init ?? Buffer.alloc(0), ...capture.fragments.map((f) => f.bytes)]),
      };
      ws.on('message', (data: Buffer, isBinary: boolean) => {
        if (!isBinary) {
          const msg = JSON.parse(data.toString()) as { type: string };
          if (msg.type === 'stream') capture.header = msg as LiveCapture['header'];
          else capture.end = msg as LiveCapture['end'];
          return;
        }
        if (!capture.init) capture.init = data;
        else capture.fragments.push({ at: Date.now(), bytes: data });
        if (waiter && capture.fragments.length >= waiter.n) {
          waiter.resolve();
          waiter = undefined;
        }
      });
      ws.on('close', (code) => {
        capture.closeCode = code;
        waiter?.reject(new Error(`socket closed (${code}) after ${capture.fragments.length} fragments: ${capture.end?.reason ?? ''}`));
        closeResolve();
      });
      resolve({ capture });
    });
  });
}

export function cookieOf(cookies: Map<string, string>): string {
  return [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
}
