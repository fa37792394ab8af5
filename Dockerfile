# Not tested in CI (the CI machine has no container engine). The supported
# install is the systemd unit in deploy/systemd/.
FROM node:22-bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ffmpeg util-linux python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/premises
COPY package.json package-lock.json tsconfig.json ./
COPY bin ./bin
COPY src ./src
COPY test ./test
COPY bench ./bench
RUN npm ci --no-audit --no-fund && npm prune --omit=dev
COPY config ./config
USER node
VOLUME ["/var/lib/premises", "/etc/premises"]
ENTRYPOINT ["node", "/opt/premises/bin/premises.js"]
CMD ["start", "--config", "/etc/premises/premises.yaml"]
