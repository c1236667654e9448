# The upload-sessions service as a container image. Two stages: `build` installs every dependency
# (npm ci) and compiles the workspace; `runtime` gets the compiled service, its workspace packages
# and the production dependencies only, and runs as the unprivileged `node` user.
#
#   docker build -t upload-sessions .
#   docker run -p 8080:8080 -v upload-data:/data -v upload-content:/content upload-sessions
#   docker compose up            # the service on KurrentDB (docker-compose.yml)
#
# Docker does not run on the machines this project is developed on: tools/distribution checks this
# file by parsing it (stages, base image, user, health check, volumes, port).

FROM node:24-slim AS build
WORKDIR /workspace
# The whole workspace (its many package manifests would each need a COPY line of their own to be
# copied first; .dockerignore keeps node_modules, dist and the rest out).
COPY package.json package-lock.json .npmrc nx.json tsconfig.base.json ./
COPY apps apps
COPY packages packages
RUN npm ci --no-audit --no-fund
RUN npx nx run upload-service:build --output-style=static
# What the runtime needs, gathered in /out: the production dependencies (npm prune drops the dev
# ones) and, of each workspace package, its manifest and compiled output; sources and tests stay here.
RUN npm prune --omit=dev --no-audit --no-fund \
  && mkdir -p /out \
  && cp -a package.json node_modules /out/ \
  && for dir in $(node -p "require('./package.json').workspaces.join(' ')"); do \
       [ -f "$dir/package.json" ] || continue; \
       mkdir -p "/out/$dir" && cp -a "$dir/package.json" "$dir/dist" "/out/$dir/"; \
     done \
  && cp -a apps/upload-service/cli /out/apps/upload-service/ \
  && mkdir -p /out/apps/upload-service/ui \
  && cp -a apps/upload-service/ui/public apps/upload-service/ui/dist /out/apps/upload-service/ui/ \
  && find /out -name '*.tsbuildinfo' -delete

FROM node:24-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    DATA_DIR=/data \
    CONTENT_DIR=/content
WORKDIR /app
COPY --from=build --chown=node:node /out/ ./
# The event log (SQLite, when no KurrentDB is configured) and read models live in /data, the uploaded
# bytes in /content: both are volumes, owned by the user the service runs as.
RUN mkdir -p /data /content && chown node:node /data /content
USER node
VOLUME ["/data", "/content"]
EXPOSE 8080
# Ready: the event store answers and the read-model projection runs (GET /health/ready).
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/health/ready`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM: stop accepting requests, let uploads finish for SHUTDOWN_GRACE_SECONDS, close the store.
STOPSIGNAL SIGTERM
CMD ["node", "apps/upload-service/dist/main.js"]
