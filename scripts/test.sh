#!/usr/bin/env bash
# The whole test suite: lint, type check, unit and integration tests with real
# ffmpeg, a real RTSP server, real SQLite files. This is what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
PREMISES_SETUP_FOR_TESTS=1 bash scripts/setup.sh

echo "== lint"
npx eslint --max-warnings 0 .
echo "== type check"
npx tsc -p tsconfig.json --noEmit

echo "== tests"
# Two files at a time: the machine has two cores and most integration tests wait on real time.
node --test --test-concurrency=2 dist/test/unit/ dist/test/integration/
# The container install, built and run for real with podman (test/container).
npm run --silent test:container
