#!/usr/bin/env bash
# Sets up and starts Premises with a demo camera: moving colour bars and a
# ticking clock, served over RTSP on this machine by GStreamer, so you can see
# Premises work without any hardware. Open http://127.0.0.1:8080 while it runs;
# Ctrl+C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
# PREMISES_DEMO_SKIP_SETUP=1 skips the setup step (already built); PREMISES_DEMO_CONFIG
# names another demo config (tests run one on other ports with its own data directory).
[ "${PREMISES_DEMO_SKIP_SETUP:-0}" = 1 ] || bash scripts/setup.sh

port=${PREMISES_DEMO_RTSP_PORT:-8554}
config=${PREMISES_DEMO_CONFIG:-config/demo.yaml}
log_dir=${PREMISES_DEMO_LOG_DIR:-data/demo}
mkdir -p "$log_dir"
camera_log=$log_dir/demo-camera.log
# The camera and Premises each run in their own session, away from the
# terminal: Ctrl+C reaches only this script, which stops Premises first (so it
# closes its open segments while the camera still sends video) and the camera
# after. Sent by the terminal to everything at once, Ctrl+C took the camera
# away in the middle of a segment. The camera's own output goes to its log.
setsid /usr/bin/python3 test/support/rtsp_server.py --port "$port" demo=demo:1280x720@15 >"$camera_log" 2>&1 </dev/null &
rtsp_pid=$!
premises_pid=
stop_all() {
  trap - INT TERM HUP
  if [ -n "$premises_pid" ]; then kill -TERM "$premises_pid" 2>/dev/null || true; wait "$premises_pid" 2>/dev/null || true; fi
  kill -TERM "$rtsp_pid" 2>/dev/null || true
  wait "$rtsp_pid" 2>/dev/null || true
}
trap stop_all EXIT
trap 'exit 130' INT TERM
trap 'exit 129' HUP

for _ in $(seq 1 50); do
  grep -q '^READY' "$camera_log" 2>/dev/null && break
  kill -0 "$rtsp_pid" 2>/dev/null || break
  sleep 0.2
done
if ! grep -q '^READY' "$camera_log" 2>/dev/null; then
  echo "The demo camera could not start (is port $port in use? set PREMISES_DEMO_RTSP_PORT). Its log:" >&2
  tail -n 5 "$camera_log" >&2 || true
  exit 1
fi
setsid node bin/premises.js start --config "$config" </dev/null &
premises_pid=$!
set +e
wait "$premises_pid"
status=$?
set -e
premises_pid=
exit "$status"
