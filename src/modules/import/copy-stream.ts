import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/**
 * A temporary table filled by COPY, inside a transaction on a connection of its own: the connection is taken when
 * the first data comes (a file refused before that costs none), the data is written as it comes, waiting when
 * PostgreSQL asks to, and the table is then queried on the same connection until the transaction ends. A
 * connection that failed on the way is closed, not returned to the pool.
 */
export class StagingCopy {
  private client: pg.PoolClient | undefined;
  private copy: Writable | undefined;
  private clientError: Error | undefined;
  private copyError: Error | undefined;
  private inTransaction = false;
  private readonly onClientError = (e: Error) => {
    this.clientError = e;
  };

  /** `createTable` makes the table (ON COMMIT DROP), `copy` is its COPY … FROM STDIN. */
  constructor(
    private readonly pool: pg.Pool,
    private readonly sql: { workMem: string; createTable: string; copy: string },
  ) {}

  /** Sends COPY data, opening the connection, transaction, table and COPY first if not yet done. */
  async write(pieces: Buffer[]): Promise<void> {
    if (!pieces.length) return;
    if (!this.copy) await this.open();
    for (const piece of pieces) await write(this.copy!, piece, () => this.copyError ?? this.clientError);
  }

  /** Ends the COPY (the table is then complete) and hands over the transaction's connection for the next steps. */
  async finish(): Promise<pg.PoolClient> {
    if (!this.copy) await this.open();
    this.copy!.end();
    await finished(this.copy!);
    return this.client!;
  }

  /** Commits, or rolls back (a dry run). */
  async end(commit: boolean): Promise<void> {
    await this.client!.query(commit ? 'COMMIT' : 'ROLLBACK');
    this.inTransaction = false;
  }

  /** After a failure: ends a COPY under way (a CopyFail, so that the connection can roll back), then rolls back. */
  async abort(e: unknown): Promise<void> {
    if (this.copy && !this.copy.writableFinished) {
      this.copy.destroy(e instanceof Error ? e : new Error(String(e)));
      await finished(this.copy).catch(() => undefined);
    }
    if (this.client && this.inTransaction && !this.clientError) {
      await this.client.query('ROLLBACK').catch((rollbackError: Error) => {
        this.clientError = rollbackError;
      });
    }
  }

  /** Gives the connection back (closed instead when it failed). */
  release(): void {
    if (!this.client) return;
    this.client.off('error', this.onClientError);
    this.client.release(this.clientError ?? (this.inTransaction && this.copyError ? this.copyError : undefined));
  }

  private async open(): Promise<void> {
    const client = (this.client = await this.pool.connect());
    client.on('error', this.onClientError);
    await client.query('BEGIN');
    this.inTransaction = true;
    await client.query(`SET LOCAL work_mem = '${this.sql.workMem}'`);
    await client.query(this.sql.createTable);
    this.copy = client.query(copyFrom(this.sql.copy));
    this.copy.on('error', (e: Error) => {
      this.copyError ??= e;
    });
  }
}

/**
 * COPY lines encoded into buffers of a fixed size as they come, so that no long string is built and each row's
 * strings die young.
 */
export class CopyData {
  private buf: Buffer;
  private used = 0;
  private full: Buffer[] = [];

  constructor(private readonly size: number) {
    this.buf = Buffer.allocUnsafe(size);
  }

  append(text: string): void {
    const most = text.length * 3; // UTF-8 bytes of a UTF-16 code unit
    if (this.used + most > this.size) {
      this.cut();
      if (most > this.size) {
        this.full.push(Buffer.from(text, 'utf8'));
        return;
      }
    }
    this.used += this.buf.write(text, this.used, 'utf8');
  }

  /** The filled buffers (with `all`, also the one being filled), to be sent. */
  take(all: boolean): Buffer[] {
    if (all) this.cut();
    const out = this.full;
    this.full = [];
    return out;
  }

  private cut(): void {
    if (!this.used) return;
    this.full.push(this.buf.subarray(0, this.used));
    this.buf = Buffer.allocUnsafe(this.size);
    this.used = 0;
  }
}

/** Writes to a stream, waiting when it asks to; fails as soon as the stream fails. */
function write(stream: Writable, data: string | Buffer, failure: () => Error | undefined): Promise<void> {
  const err = failure();
  if (err) return Promise.reject(err);
  if (stream.write(data)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = (e?: Error) => {
      stream.off('drain', onDrain);
      stream.off('error', done);
      stream.off('close', onClose);
      if (e) reject(e);
      else resolve();
    };
    const onDrain = () => done();
    const onClose = () => done(failure() ?? new Error('COPY stream closed'));
    stream.on('drain', onDrain);
    stream.on('error', done);
    stream.on('close', onClose);
  });
}
