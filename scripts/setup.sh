#!/usr/bin/env bash
# Brings a fresh Debian 12 / Ubuntu machine to the point where Premises builds,
# runs and tests: system packages (ffmpeg, GStreamer's RTSP server, ...),
# node modules, and the TypeScript build. Safe to run again: it only does what
# is missing. Without root it prints the exact line to run instead.
set -euo pipefail
cd "$(dirname "$0")/.."

need_node_major=20
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt "$need_node_major" ]; then
  echo "Premises needs Node.js ${need_node_major} or newer (found: $(node --version 2>/dev/null || echo none))." >&2
  exit 1
fi

packages=()
have() { command -v "$1" >/dev/null 2>&1; }
gst_has() { gst-inspect-1.0 "$1" >/dev/null 2>&1; }

have ffmpeg && have ffprobe || packages+=(ffmpeg)
have setpriv || packages+=(util-linux)
have ip || packages+=(iproute2)
if ! /usr/bin/python3 -c 'import gi; gi.require_version("GstRtspServer", "1.0"); from gi.repository import GstRtspServer' >/dev/null 2>&1; then
  packages+=(python3-gi gir1.2-gst-rtsp-server-1.0)
fi
have gst-inspect-1.0 || packages+=(gstreamer1.0-tools)
# The demo camera's clock and caption (clockoverlay, textoverlay).
gst_has clockoverlay || packages+=(gstreamer1.0-x)
if ! have gst-inspect-1.0 || ! gst_has x264enc || ! gst_has rtph264pay || ! gst_has qtdemux || ! gst_has h264parse || ! gst_has avenc_aac; then
  packages+=(gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-plugins-ugly gstreamer1.0-libav)
fi
# The test suite also needs a browser and packet capture for later stages.
if [ "${PREMISES_SETUP_FOR_TESTS:-0}" = 1 ]; then
  have chromium || packages+=(chromium)
  # Chinese signs are measured in the browser tests: a CJK font, so glyphs take their real space (not tofu boxes).
  [ -e /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ] || packages+=(fonts-wqy-zenhei)
  have tcpdump || packages+=(tcpdump)
  # The redaction test records every connect() of the job with strace (it must make none).
  have strace || packages+=(strace)
  have curl || packages+=(curl)
  have openssl || packages+=(openssl)
  # Transfer tests run Debian's real OpenSSH server (its own host key, in a network namespace).
  [ -x /usr/sbin/sshd ] && have ssh-keygen || packages+=(openssh-server)
  # The restart test slows its SFTP link with tc (iproute2) so a kill lands mid-transfer.
  have tc || packages+=(iproute2)
  # Camera containment tests: Premises' firewall, DHCP/DNS and NTP on the camera link, and the camera's own DHCP client (udhcpc).
  [ -x /usr/sbin/nft ] || have nft || packages+=(nftables)
  [ -x /usr/sbin/dnsmasq ] || have dnsmasq || packages+=(dnsmasq-base)
  [ -x /usr/sbin/chronyd ] || have chronyd || packages+=(chrony)
  have busybox || packages+=(busybox)
  # The container test (test/container): a Debian base image built locally, podman and podman-compose;
  # runc because crun 1.8 refuses this kind of machine's hybrid cgroups. The unit test of the systemd unit.
  have podman || packages+=(podman)
  have podman-compose || packages+=(podman-compose)
  have mmdebstrap || packages+=(mmdebstrap)
  have runc || packages+=(runc)
  have nsenter || packages+=(util-linux)
  # Rootless podman in the container test: newuidmap/newgidmap map a user's subordinate ids.
  have newuidmap || packages+=(uidmap)
  have systemd-analyze || packages+=(systemd)
fi

if [ "${#packages[@]}" -gt 0 ]; then
  line="apt-get install -y --no-install-recommends ${packages[*]}"
  if [ "$(id -u)" = 0 ]; then
    echo "Installing system packages: ${packages[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # Installing openssh-server must not start a system SSH daemon listening on the LAN: the tests run
    # their own sshd in a network namespace. policy-rc.d (exit 101) tells Debian's maintainer scripts
    # not to start services; one we did not create is left alone.
    made_policy=0
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      made_policy=1
      trap 'rm -f /usr/sbin/policy-rc.d' EXIT
      printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
      chmod 755 /usr/sbin/policy-rc.d
    fi
    apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
    if [ "$made_policy" = 1 ]; then
      rm -f /usr/sbin/policy-rc.d
      trap - EXIT
    fi
  else
    echo "Premises needs system packages that are missing. Run:" >&2
    echo "  sudo apt-get update && sudo $line" >&2
    exit 1
  fi
fi

# node modules: install when missing or when the lock file changed since.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing node modules (npm ci)..."
  npm ci --no-audit --no-fund
else
  npm run --silent build
fi
