import type { DataSource } from 'typeorm';
import { Client } from '../support/http.js';

export interface Reply {
  status: number;
  json: any;
  text: string;
  headers: Headers;
}

/** A JSON client for /api/v1: a session (cookie jar, logged in through POST /auth/login) or a bearer token. */
export class ApiClient {
  readonly http: Client;

  constructor(baseUrl: string, readonly token?: string) {
    this.http = new Client(baseUrl);
  }

  async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    const h = { ...headers };
    if (this.token) h.authorization = `Bearer ${this.token}`;
    const res = await this.http.request(method, `/api/v1${path}`, body, h);
    const text = await res.text();
    let json: any = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    return { status: res.status, json, text, headers: res.headers };
  }

  get = (path: string, headers?: Record<string, string>) => this.call('GET', path, undefined, headers);
  post = (path: string, body?: unknown, headers?: Record<string, string>) => this.call('POST', path, body ?? {}, headers);
  patch = (path: string, body?: unknown, headers?: Record<string, string>) => this.call('PATCH', path, body ?? {}, headers);
  delete = (path: string, headers?: Record<string, string>) => this.call('DELETE', path, undefined, headers);

  static async login(baseUrl: string, email: string, password: string): Promise<ApiClient> {
    const c = new ApiClient(baseUrl);
    const r = await c.post('/auth/login', { email, password });
    if (r.status !== 200) throw new Error(`login failed: ${r.status} ${r.text}`);
    return c;
  }
}

const TABLES = ['services', 'campaigns', 'leads', 'customers', 'contracts', 'documents', 'users', 'api_tokens'];

/** A digest of every business table: equal before and after means nothing changed. */
export async function fingerprint(ds: DataSource): Promise<string> {
  const parts: string[] = [];
  for (const t of TABLES) {
    const [{ h }] = await ds.query(`SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x.id), '')) AS h FROM ${t} x`);
    parts.push(`${t}:${h}`);
  }
  return parts.join(' ');
}

/** The error body every refusal has. */
export function isErrorBody(json: any): boolean {
  return !!json && typeof json.error === 'object' && typeof json.error.code === 'string' && typeof json.error.message === 'string' && 'details' in json.error;
}

/** A tiny valid PDF, for document uploads. */
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
