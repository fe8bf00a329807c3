import net from 'node:net';

export interface RawReply {
  status: number;
  headers: Record<string, string>;
  text: string;
  json: any;
}

export interface RawRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body: Buffer | string;
  /** The Content-Length announced; the body sent may be shorter (the rest never comes). Default: the body's length. */
  contentLength?: number;
  /** Destroy the connection once the body is written, without waiting for an answer (a client going away). */
  abort?: boolean;
}

/** No answer within this long means the server is waiting for a body that will never come. */
const NO_ANSWER_MS = 20_000;

/**
 * One HTTP/1.1 request over a bare socket, for what fetch will not send: a body shorter than its Content-Length,
 * a connection dropped mid-body. Resolves with the first complete response, even while the server could still be
 * reading (an answer before the body is in), or with null for an aborted request.
 */
export function rawRequest(baseUrl: string, r: RawRequest): Promise<RawReply | null> {
  const { hostname, port } = new URL(baseUrl);
  const body = Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.body);
  const headers: Record<string, string> = { host: `${hostname}:${port}`, 'content-length': String(r.contentLength ?? body.length), ...r.headers };
  const head = `${r.method ?? 'POST'} ${r.path} HTTP/1.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    let received = Buffer.alloc(0);
    let done = false;
    const finish = (reply: RawReply | null, error?: Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(reply);
    };
    const timer = setTimeout(() => finish(null, new Error(`${r.method ?? 'POST'} ${r.path}: no answer in ${NO_ANSWER_MS} ms`)), NO_ANSWER_MS);
    socket.on('connect', () => {
      socket.write(head);
      socket.write(body, () => {
        if (r.abort) setImmediate(() => finish(null));
      });
    });
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      const reply = parseResponse(received, false);
      if (reply) finish(reply);
    });
    socket.on('end', () => finish(parseResponse(received, true), received.length ? undefined : new Error(`${r.path}: connection closed without an answer`)));
    socket.on('error', (e) => finish(parseResponse(received, true), r.abort ? undefined : e));
  });
}

/** A complete response in `data`, or null while more is to come (unless the connection has ended). */
function parseResponse(data: Buffer, ended: boolean): RawReply | null {
  const end = data.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const [statusLine, ...lines] = data.subarray(0, end).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const i = line.indexOf(':');
    headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  let payload = data.subarray(end + 4);
  if (headers['content-length'] !== undefined) {
    const length = Number(headers['content-length']);
    if (payload.length < length) return null;
    payload = payload.subarray(0, length);
  } else if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
    const chunks: Buffer[] = [];
    let at = 0;
    for (;;) {
      const lineEnd = payload.indexOf('\r\n', at);
      if (lineEnd < 0) return null;
      const size = parseInt(payload.subarray(at, lineEnd).toString('latin1'), 16);
      if (size === 0) break;
      if (payload.length < lineEnd + 2 + size + 2) return null;
      chunks.push(payload.subarray(lineEnd + 2, lineEnd + 2 + size));
      at = lineEnd + 2 + size + 2;
    }
    payload = Buffer.concat(chunks);
  } else if (!ended) return null;
  const text = payload.toString('utf8');
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: Number(statusLine.split(' ')[1]), headers, text, json };
}
