# syntax=docker/dockerfile:1
# Premises in a container. Three stages: `deps` installs the production
# dependencies (better-sqlite3's native binding included), `build` compiles TypeScript and the
# dashboard, and `runtime` keeps only what runs: Node, ffmpeg, tini, the
# compiled program and production node_modules. No compilers, tests or
# benchmarks end up in the image.
#
# BASE is any Debian 12 image with Node.js 20+ in /usr/local (the official
# node image, or the registry-free one deploy/container/build-base.sh makes
# from Debian packages); BUILD_BASE defaults to it. What a base lacks (ffmpeg,
# tini, compilers) is installed from Debian.
#
#   docker compose build            # or: podman build --jobs 2 --build-arg BASE=... .
ARG BASE=docker.io/library/node:20-bookworm-slim
ARG BUILD_BASE=${BASE}

# Production dependencies, with better-sqlite3 compiled against Node's own headers
# (in every Node install under /usr/local/include/node) instead of a downloaded
# copy. The only stage with a compiler. It and `build` below depend on nothing
# of each other, so a builder that runs stages in parallel (BuildKit;
# `podman build --jobs 2`) compiles while the other stage runs TypeScript.
FROM ${BUILD_BASE} AS deps
RUN set -eu; missing=''; \
    for tool in python3 make g++; do command -v "$tool" >/dev/null || missing=1; done; \
    if [ -n "$missing" ]; then \
      apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*; \
    fi
WORKDIR /src
# Behind a TLS-inspecting proxy, mount its CA file into the build and name it here
# (podman build --volume /etc/ssl/certs/ca-certificates.crt:/run/host-ca.crt:ro --build-arg NODE_EXTRA_CA_CERTS=/run/host-ca.crt).
ARG NODE_EXTRA_CA_CERTS=
ENV npm_config_nodedir=/usr/local \
    npm_config_update_notifier=false \
    npm_config_fund=false \
    npm_config_audit=false \
    JOBS=max
# Only the lock file: a change to the sources alone does not download or compile
# them again. Install scripts run in `npm rebuild` for the packages
# package.json's allowScripts allows that the runtime needs (better-sqlite3).
# Its installer first looks in /prebuilds for an archive of the same version,
# Node ABI and platform and keeps it only if it loads; otherwise it compiles.
# The folder is empty unless deploy/container/prebuild-from-host.sh put the
# binding the build machine compiled there (same Node, same Debian).
COPY package.json package-lock.json ./
COPY deploy/container/prebuilds/ /prebuilds/
RUN npm ci --omit=dev --ignore-scripts \
 && npm_config_better_sqlite3_local_prebuilds=/prebuilds npm rebuild better-sqlite3 \
 && node -e "new (require('better-sqlite3'))(':memory:').close()"

# The program: TypeScript (the program only: no tests, no benchmarks) and the
# dashboard, with the dev dependencies; nothing here is compiled natively.
FROM ${BUILD_BASE} AS build
WORKDIR /src
ARG NODE_EXTRA_CA_CERTS=
ENV npm_config_update_notifier=false \
    npm_config_fund=false \
    npm_config_audit=false
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts && npm rebuild esbuild
COPY tsconfig.json tsconfig.program.json ./
COPY src ./src
COPY web ./web
RUN npx tsc -p tsconfig.program.json \
 && npm run build:web \
 && find dist -name '*.map' -delete

FROM ${BASE} AS runtime
RUN set -eu; missing=''; \
    for tool in ffmpeg ffprobe tini; do command -v "$tool" >/dev/null || missing=1; done; \
    if [ -n "$missing" ]; then \
      apt-get update && apt-get install -y --no-install-recommends ffmpeg tini ca-certificates && rm -rf /var/lib/apt/lists/*; \
    fi; \
    # Its own user (not the base's "node" user: a fixed uid the owner can chown password files to).
    getent group premises >/dev/null || groupadd --system --gid 990 premises; \
    id -u premises >/dev/null 2>&1 || useradd --system --uid 990 --gid 990 --home-dir /var/lib/premises --no-create-home --shell /usr/sbin/nologin premises; \
    # Owned by premises in the image, so a new named volume mounted here starts with that owner.
    install -d -o premises -g premises -m 0750 /var/lib/premises; \
    install -d -m 0755 /etc/premises
WORKDIR /opt/premises
COPY package.json ./
COPY bin ./bin
COPY --from=deps /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
# The dashboard, built by vite next to its sources.
COPY --from=build /src/web/dist ./web/dist
COPY config/premises.example.yaml ./config/premises.example.yaml
ENV NODE_ENV=production
USER premises
VOLUME ["/var/lib/premises"]
# tini as PID 1: forwards SIGTERM to Premises (which closes every open segment
# before it exits) and reaps ffmpeg processes. Works the same under Docker and Podman.
ENTRYPOINT ["/usr/bin/tini", "--", "node", "/opt/premises/bin/premises.js"]
CMD ["start", "--config", "/etc/premises/premises.yaml"]
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
  CMD ["node", "/opt/premises/bin/premises.js", "healthcheck", "--config", "/etc/premises/premises.yaml"]
