# Milady headless (API + dashboard on one port) in a container. See README "Deployment".
#   docker build -t milady .
#   docker run -p 127.0.0.1:2138:2138 -v milady-state:/data --env-file deploy/milady.env milady
# The compose file (deploy/compose.yaml) adds PostgreSQL with pgvector.

# Build stage: the whole toolchain (vite, tailwind) to make dist/renderer and the main bundle.
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# `npm install`, not `npm ci`: the lockfile lacks other platforms' optional packages (README).
RUN npm install --no-audit --no-fund
COPY . .
RUN npm run build

# Run stage: production packages only, the bundle and the assets it serves.
FROM node:22-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production \
    MILADY_STATE_DIR=/data \
    MILADY_PORT=2138 \
    MILADY_BIND=0.0.0.0
COPY package.json package-lock.json ./
RUN npm install --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY assets ./assets
COPY bin ./bin
# The state dir (config, .env with the token, PGlite, models, plugins) lives in a volume.
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 2138
# /api/health answers without a token (only {ok: true}), so the probe needs no secret.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
  CMD node -e "fetch('http://127.0.0.1:2138/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# A non-loopback bind requires a token: MILADY_API_TOKEN from the env file, or a random one
# kept in /data/.env (`docker exec <container> node_modules/.bin/bun dist/main/main.js token`).
# A restart that needs a new process (e.g. after a port change) replaces the process in place
# (execve, same pid); the restart policy only sees crashes.
CMD ["node_modules/.bin/bun", "dist/main/main.js", "start", "--cli"]
