#!/usr/bin/env bash
# The whole test suite: lint, type check, then the three tiers — unit (pure,
# seconds), integration (real ffmpeg, a real RTSP server, real SQLite files,
# namespaces) and browser (Debian's chromium against a real `premises start`).
# This is what CI runs. One tier alone: npm run test:unit / test:integration / test:browser.
set -euo pipefail
cd "$(dirname "$0")/.."
PREMISES_SETUP_FOR_TESTS=1 bash scripts/setup.sh

echo "== lint"
npx eslint --max-warnings 0 .
echo "== type check"
npx tsc -p tsconfig.json --noEmit

# Every tier runs even when an earlier one fails, so one run reports everything.
# Two files at a time: the machine has two cores and most integration tests wait on real time.
failed=()
for tier in unit integration browser; do
  echo "== $tier tests"
  node --test --test-concurrency=2 "dist/test/$tier/" || failed+=("$tier")
done
if ((${#failed[@]})); then
  echo "== failed tiers: ${failed[*]}" >&2
  exit 1
fi
