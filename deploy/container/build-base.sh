#!/usr/bin/env bash
# Builds the two base images the Dockerfile can start from, without any container
# registry: Debian packages only (mmdebstrap, with this machine's own apt sources),
# plus this machine's Node.js binary (Debian 12 ships Node 18; Premises needs 20+).
#
#   premises-base:<hash>        runtime: Debian minbase + ffmpeg + tini + node
#   premises-build-base:<hash>  the same + npm, Node headers, python3, make, g++
#                               (one layer on top of the runtime image)
#
# <hash> is a content hash of everything that goes in (this script, the apt
# sources, the node binary and npm), so a second run with nothing changed finds
# both images and returns at once. Prints the two image names, one per line,
# on stdout; progress goes to stderr.
#
# Usage: deploy/container/build-base.sh [--suite bookworm]
set -euo pipefail
suite=bookworm
while [ $# -gt 0 ]; do
  case "$1" in
    --suite) suite=$2; shift 2 ;;
    *) echo "build-base: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" = 0 ] || { echo "build-base: run as root (mmdebstrap needs it to make device files and chroot)" >&2; exit 1; }
for tool in mmdebstrap podman sha256sum; do
  command -v "$tool" >/dev/null || { echo "build-base: $tool is missing (apt-get install $tool)" >&2; exit 1; }
done

# The apt sources this machine already uses: the same mirror the host installs from.
sources=$(mktemp)
trap 'rm -f "$sources"' EXIT
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list; do
  [ -f "$f" ] || continue
  case "$f" in
    *.sources) cat "$f" ;;
    *) grep -E '^[[:space:]]*deb[[:space:]]' "$f" || true ;;
  esac
  echo
done | awk '/^(Types|URIs|Suites|Components|Signed-By):/ || /^deb / || /^$/' >"$sources"
# Only Debian's own archive: third-party repositories are not wanted in the image.
grep -q 'debian' "$sources" || { echo "build-base: no Debian apt source found in /etc/apt" >&2; exit 1; }
if grep -q '^Types:' "$sources"; then sources_kind=deb822; else sources_kind=list; fi

node_bin=$(readlink -f "$(command -v node)")
node_major=$("$node_bin" -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || { echo "build-base: host node is $("$node_bin" --version); Premises needs 20+" >&2; exit 1; }
node_prefix=$(dirname "$(dirname "$node_bin")")
npm_dir=$node_prefix/lib/node_modules/npm
headers=$node_prefix/include/node
[ -d "$npm_dir" ] && [ -f "$headers/node.h" ] || { echo "build-base: npm or Node headers not found under $node_prefix" >&2; exit 1; }

runtime_packages=ffmpeg,tini,ca-certificates
build_packages="python3 make g++"
hash=$( {
  cat "$0"; cat "$sources"; echo "$suite $runtime_packages $build_packages"
  sha256sum "$node_bin"; cat "$npm_dir/package.json"
} | sha256sum | cut -c1-16)
runtime_image=localhost/premises-base:$hash
build_image=localhost/premises-build-base:$hash
if podman image exists "$runtime_image" && podman image exists "$build_image"; then
  echo "build-base: cached ($hash)" >&2
  printf '%s\n%s\n' "$runtime_image" "$build_image"
  exit 0
fi

work=$(mktemp -d)
# The root tree is built in memory when this machine lets us mount a tmpfs: dpkg
# syncs every file it unpacks, and on a busy disk that, not downloading, is most
# of the time; removing the tree afterwards is an unmount instead of a long rm.
in_memory=0
if mount -t tmpfs -o size=4g,mode=0700 premises-base "$work" 2>/dev/null; then in_memory=1; fi
cleanup() {
  rm -f "$sources"
  if [ "$in_memory" = 1 ]; then umount "$work" 2>/dev/null || umount -l "$work"; fi
  rm -rf "$work"
}
trap cleanup EXIT
echo "build-base: mmdebstrap $suite (runtime + build images, $hash$([ "$in_memory" = 1 ] && echo ', in memory'))" >&2
started=$(date +%s)
# The excluded paths: manuals, docs and translations; and Mesa's GPU drivers
# with the LLVM and Z3 libraries only they load (ffmpeg pulls Mesa in through
# libva/SDL but never loads a driver for stream copy): about 160 MB.
# Hooks run in order: the runtime tree is archived first, then build tools are
# added on top; what they changed (newer ctime than the marker) becomes one more
# layer over the runtime image, so one download serves both and the build image
# shares the runtime image's layer instead of storing a second copy.
# force-unsafe-io: no fsync per unpacked file, safe here because a failed build
# leaves nothing behind but a temporary directory.
skip_paths="-path ./proc -o -path ./sys -o -path ./dev -o -path ./tmp -o -path ./var/lib/apt/lists -o -path ./var/cache/apt"
mkdir "$work/delta"
mmdebstrap --variant=minbase --mode=root --format=directory \
  --include="$runtime_packages" \
  --dpkgopt='force-unsafe-io' \
  --dpkgopt='path-exclude=/usr/share/man/*' \
  --dpkgopt='path-exclude=/usr/share/doc/*' \
  --dpkgopt='path-include=/usr/share/doc/*/copyright' \
  --dpkgopt='path-exclude=/usr/share/locale/*' \
  --dpkgopt='path-exclude=/usr/share/info/*' \
  --dpkgopt='path-exclude=/usr/lib/*/dri/*' \
  --dpkgopt='path-exclude=/usr/lib/*/libLLVM*' \
  --dpkgopt='path-exclude=/usr/lib/*/libz3.so*' \
  --customize-hook="install -m 0755 '$node_bin' \"\$1/usr/local/bin/node\"" \
  --customize-hook="tar -C \"\$1\" --numeric-owner --exclude=./proc/* --exclude=./sys/* --exclude=./dev/* --exclude=./tmp/* --exclude=./var/lib/apt/lists/* --exclude=./var/cache/apt/* -cf '$work/runtime.tar' . && touch '$work/marker'" \
  --customize-hook="mkdir -p \"\$1/usr/local/lib/node_modules\" \"\$1/usr/local/include\" && cp -a '$npm_dir' \"\$1/usr/local/lib/node_modules/npm\" && cp -a '$headers' \"\$1/usr/local/include/node\" && ln -s ../lib/node_modules/npm/bin/npm-cli.js \"\$1/usr/local/bin/npm\" && ln -s ../lib/node_modules/npm/bin/npx-cli.js \"\$1/usr/local/bin/npx\"" \
  --customize-hook="chroot \"\$1\" apt-get install -y --no-install-recommends $build_packages" \
  --customize-hook="cd \"\$1\" && find . \\( $skip_paths \\) -prune -o -cnewer '$work/marker' -print0 | tar --null --no-recursion --numeric-owner -T - -cf '$work/delta/build-tools.tar'" \
  "$suite" "$work/build-root" "$sources" >&2
rm -rf "$work/build-root"
env_path='ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
podman import --change "$env_path" --message "Debian $suite + ffmpeg + node $("$node_bin" --version)" "$work/runtime.tar" "$runtime_image" >/dev/null
rm -f "$work/runtime.tar"
printf 'FROM %s\nADD build-tools.tar /\nLABEL description="Debian %s + build tools + node %s"\n' "$runtime_image" "$suite" "$("$node_bin" --version)" >"$work/delta/Containerfile"
podman build --quiet --pull=never -t "$build_image" "$work/delta" >/dev/null
echo "build-base: done in $(( $(date +%s) - started )) s" >&2
printf '%s\n%s\n' "$runtime_image" "$build_image"
