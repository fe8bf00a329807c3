import { createRequire } from 'node:module';
import path from 'node:path';
import express, { type Router } from 'express';
import { OpenApiGeneratorV31, type OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';

/** The OpenAPI 3.1 document of /api/v1, generated from the endpoints' own zod schemas. */
export function openApiDocument(registry: OpenAPIRegistry): ReturnType<OpenApiGeneratorV31['generateDocument']> {
  registry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'A personal API token issued by an administrator (panel: API tokens; or POST /users/{id}/tokens). Acts with its user\'s roles; no CSRF check.',
  });
  registry.registerComponent('securitySchemes', 'cookieAuth', {
    type: 'apiKey',
    in: 'cookie',
    name: 'crm.sid',
    description: 'The panel session (POST /auth/login). State-changing requests must come from the same origin (Origin/Referer checked).',
  });
  const document = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Campaign CRM API',
      version: '1.0.0',
      description: [
        'Services, campaigns, leads, customers, contracts and users, with the same role rules as the panel.',
        'Money is a string with two decimals; dates are YYYY-MM-DD; instants are ISO 8601 (UTC). 64-bit ids (leads) are strings.',
        'Lists take `limit` (max 100), `cursor` (from `nextCursor`) and `sort` (`-` for descending) and answer `{ items, nextCursor }`.',
        'Errors are `{ error: { code, message, details } }`; the message follows Accept-Language (ru, en).',
        'While the database is unreachable every operation answers 503 `unavailable` with `Retry-After`. POSTs that change data take an `Idempotency-Key` header, so such a retry cannot act twice.',
        '401 without credentials; 403 when the role may not use the resource or action at all (asked before the record is looked up, so nothing leaks); 404 for a missing record.',
      ].join('\n\n'),
    },
    servers: [{ url: '/api/v1' }],
  });
  // Any operation may meet a database outage; documented once here rather than on each endpoint.
  for (const operations of Object.values(document.paths ?? {})) {
    for (const op of Object.values(operations as Record<string, { responses?: Record<string, unknown> }>)) {
      if (op.responses) op.responses['503'] ??= UNAVAILABLE;
    }
  }
  return document;
}

const UNAVAILABLE = {
  description: 'The database is unreachable for the moment: retry after the number of seconds in Retry-After (code `unavailable`)',
  headers: { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' } } },
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
};

/** The files of swagger-ui-dist our page uses. Its stock index.html and swagger-initializer.js show the petstore. */
const SWAGGER_UI_FILES = ['swagger-ui.css', 'swagger-ui-bundle.js'];

/**
 * The docs page may talk to our own origin only: the spec, Swagger UI's files, and "try it out" calls. Swagger UI
 * styles and draws icons inline (data: images).
 */
const DOCS_CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'";

/**
 * GET /api/docs: Swagger UI from node_modules (no CDN), reading /api/v1/openapi.json and asking no third party:
 * only our page, its start script and the two files it needs are served.
 */
export function docsRouter(): Router {
  const router = express.Router();
  const require = createRequire(import.meta.url);
  const dist = path.dirname(require.resolve('swagger-ui-dist/package.json'));
  router.use((_req, res, next) => {
    res.set('Content-Security-Policy', DOCS_CSP);
    next();
  });
  router.get('/', (req, res, next) => {
    if (!req.originalUrl.split('?')[0].endsWith('/')) return res.redirect(301, `${req.baseUrl}/`);
    next();
  });
  router.get('/', (_req, res) => {
    res.type('html').send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Campaign CRM API</title>
<link rel="stylesheet" href="swagger-ui.css"></head>
<body><div id="swagger-ui" data-spec-url="/api/v1/openapi.json"></div>
<script src="swagger-ui-bundle.js"></script><script src="init.js"></script></body></html>`);
  });
  router.get('/init.js', (_req, res) => {
    res
      .type('application/javascript')
      .send(`window.ui = SwaggerUIBundle({ url: document.getElementById('swagger-ui').dataset.specUrl, dom_id: '#swagger-ui', deepLinking: true });`);
  });
  router.get(
    SWAGGER_UI_FILES.map((f) => `/${f}`),
    express.static(dist, { index: false, maxAge: '1d' }),
  );
  return router;
}
