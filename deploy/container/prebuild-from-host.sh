#!/usr/bin/env bash
# Hands the image build the native better-sqlite3 binding this machine already
# compiled (`npm ci`), so the image build does not compile SQLite a second time:
# on a two-core machine that compile is most of a cold image build.
#
# The binding goes into deploy/container/prebuilds/ as a prebuild-install
# archive (better-sqlite3-v<version>-node-v<abi>-linux-<arch>.tar.gz). The
# Dockerfile points better-sqlite3's own installer at that folder; it takes an
# archive only when version, Node ABI, platform and architecture match its name
# and the binding then loads, and compiles from source otherwise. That makes it
# right for base images with this machine's Node (build-base.sh copies it in)
# on the same Debian release; with any other base the image compiles as before.
#
# Usage: deploy/container/prebuild-from-host.sh      (prints the archive's path)
set -euo pipefail
cd "$(dirname "$0")/../.."
pkg=node_modules/better-sqlite3
binding=$pkg/build/Release/better_sqlite3.node
[ -f "$binding" ] || { echo "prebuild-from-host: $binding is missing: run npm ci first" >&2; exit 1; }
# The installed copy must be the locked one: an archive named for the wrong version would never be used.
version=$(node -p "require('./$pkg/package.json').version")
locked=$(node -p "require('./package-lock.json').packages['node_modules/better-sqlite3'].version")
[ "$version" = "$locked" ] || { echo "prebuild-from-host: node_modules has better-sqlite3 $version, the lock file $locked: run npm ci" >&2; exit 1; }
node -e "new (require('./$pkg'))(':memory:').close()" || { echo "prebuild-from-host: the compiled binding does not load" >&2; exit 1; }
name="better-sqlite3-v$version-node-v$(node -p process.versions.modules)-$(node -p process.platform)-$(node -p process.arch).tar.gz"
out=deploy/container/prebuilds
rm -f "$out"/better-sqlite3-*.tar.gz
tar -C "$pkg" --owner=0 --group=0 --numeric-owner -czf "$out/$name" build/Release/better_sqlite3.node
echo "$out/$name"
