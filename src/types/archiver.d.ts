// archiver 5 ships no types; the export's .xlsx writer (src/modules/export/xlsx-writer.ts) uses this much of it.
declare module 'archiver' {
  import type { Readable, Transform } from 'node:stream';
  interface Archiver extends Transform {
    append(source: Readable | Buffer | string, data: { name: string }): this;
    finalize(): Promise<void>;
    abort(): this;
  }
  export default function archiver(format: 'zip', options?: { zlib?: { level?: number }; forceZip64?: boolean }): Archiver;
}
