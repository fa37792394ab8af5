/**
 * A small HTTP client for the dashboard API that behaves like the browser
 * page: keeps its cookies, sends Origin and the CSRF token on state-changing
 * requests. Options let a test leave either out or forge them.
 */
export interface RequestOptions {
  /** Origin header; default the server's own. `null`: send none. */
  origin?: string | null;
  secFetchSite?: string;
  /** CSRF token; default the one from the session. `null`: send none. */
  csrf?: string | null;
}

export interface Reply {
  status: number;
  body: Record<string, unknown>;
  setCookies: string[];
  headers: Headers;
}

export class DashboardClient {
  readonly cookies = new Map<string, string>();
  csrfToken = '';

  constructor(readonly origin: string) {}

  async request(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<Reply> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.cookies.size) headers['cookie'] = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (method !== 'GET') {
      const origin = options.origin === undefined ? this.origin : options.origin;
      if (origin !== null) headers['origin'] = origin;
      const csrf = options.csrf === undefined ? this.csrfToken : options.csrf;
      if (csrf !== null) headers['x-csrf-token'] = csrf;
    }
    if (options.secFetchSite) headers['sec-fetch-site'] = options.secFetchSite;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.origin}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }), redirect: 'manual' });
    const setCookies = res.headers.getSetCookie();
    for (const c of setCookies) {
      const [pair = ''] = c.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (/Max-Age=0/i.test(c) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await res.text();
    let parsed: Record<string, unknown> = {};
    try {
      parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      parsed = { text };
    }
    if (typeof parsed['csrfToken'] === 'string') this.csrfToken = parsed['csrfToken'];
    return { status: res.status, body: parsed, setCookies, headers: res.headers };
  }

  /** Fetch the session (and a pre-login CSRF token). */
  session(): Promise<Reply> {
    return this.request('GET', '/api/session');
  }

  async login(username: string, password: string): Promise<Reply> {
    await this.session();
    return this.request('POST', '/api/login', { username, password });
  }
}
