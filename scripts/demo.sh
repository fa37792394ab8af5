#!/usr/bin/env bash
# Sets up and starts Premises with a demo camera: a synthetic test pattern
# served over RTSP on this machine by GStreamer, so you can see Premises work
# without any hardware. Open http://127.0.0.1:8080 while it runs; Ctrl+C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

port=${PREMISES_DEMO_RTSP_PORT:-8554}
/usr/bin/python3 test/support/rtsp_server.py --port "$port" demo=live:1280x720@15 &
rtsp_pid=$!
cleanup() { kill "$rtsp_pid" 2>/dev/null || true; wait "$rtsp_pid" 2>/dev/null || true; }
trap cleanup EXIT
sleep 1
if ! kill -0 "$rtsp_pid" 2>/dev/null; then
  echo "The demo camera could not start (is port $port in use? set PREMISES_DEMO_RTSP_PORT)." >&2
  exit 1
fi
node bin/premises.js start --config config/demo.yaml
