#!/usr/bin/env bash
# The whole test suite: lint, type check, then the three tiers — unit (pure,
# seconds), integration (real ffmpeg, a real RTSP server, real SQLite files,
# namespaces), browser (Debian's chromium against a real `premises start`) and
# container (the compose install built and run with podman).
# This is what CI runs. One tier alone: npm run test:unit / test:integration / test:browser / test:container.
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
passed_total=0
failed_total=0
log=$(mktemp)
# The container tier builds and runs the compose install for real with podman (test/container).
for tier in unit integration browser container; do
  echo "== $tier tests"
  node --test --test-concurrency=2 "dist/test/$tier/" 2>&1 | tee "$log" || failed+=("$tier")
  passed_total=$((passed_total + $(grep -E '^# pass [0-9]+$' "$log" | tail -1 | awk '{print $3}' || echo 0)))
  failed_total=$((failed_total + $(grep -E '^# fail [0-9]+$' "$log" | tail -1 | awk '{print $3}' || echo 0)))
done
rm -f "$log"
# One line for the whole suite (each tier's runner printed its own summary above).
echo "tests: ${passed_total} passed, ${failed_total} failed"
if ((${#failed[@]})); then
  echo "== failed tiers: ${failed[*]}" >&2
  exit 1
fi
