// express-formidable ships no types; the panel wraps it (src/admin/bodies.ts) as @adminjs/express uses it.
declare module 'express-formidable' {
  import type { RequestHandler } from 'express';
  export default function formidableMiddleware(options?: Record<string, unknown>): RequestHandler;
}
