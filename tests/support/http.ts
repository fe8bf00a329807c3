/** A tiny HTTP client with a cookie jar, to drive the app as a browser session would. */
export class Client {
  private cookies = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** Sets a cookie as the page's own script would (the panel's language choice). */
  setCookie(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  sessionId(): string | undefined {
    return this.cookies.get('crm.sid');
  }

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    const init: RequestInit = { method, redirect: 'manual', headers: { ...headers } };
    if (this.cookies.size) (init.headers as Record<string, string>).cookie = this.cookieHeader;
    if (body instanceof URLSearchParams || body instanceof FormData || body instanceof Blob) {
      init.body = body;
    } else if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
    }
    let res = await fetch(this.baseUrl + path, init);
    if (res.status >= 300 && res.status < 400 && res.status !== 304) {
      // A browser reads a redirect whole before it follows it; fetch resolves on the headers. express-session stores
      // the session before the answer's last byte, so a test reading the session table right after the headers raced.
      const body = await res.arrayBuffer();
      res = new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
    }
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i);
      const value = pair.slice(i + 1);
      if (/expires=Thu, 01 Jan 1970/i.test(c) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  get(path: string) {
    return this.request('GET', path);
  }

  post(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request('POST', path, body ?? {}, headers);
  }

  /** Logs in through the panel's login form; returns the response (302 on success). */
  async login(email: string, password: string): Promise<Response> {
    return this.request('POST', '/admin/login', new URLSearchParams({ email, password }));
  }

  /** Calls an AdminJS API action and returns its JSON. */
  async action(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: any }> {
    const res = await this.request(method, `/admin/api${path}`, method === 'POST' ? (body ?? {}) : undefined);
    const text = await res.text();
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      json = { raw: text };
    }
    return { status: res.status, json };
  }
}
