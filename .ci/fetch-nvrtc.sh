#!/usr/bin/env bash
# Fetches NVRTC 11.8 (Debian bookworm non-free: libnvrtc11.2 + libnvrtc-builtins11.8) into an ignored cache folder,
# without touching the machine's apt configuration (own source list, own lists folder), so kernels can be
# compile-checked on machines without a GPU. Prints the library path on the last line of stdout.
#   usage: .ci/fetch-nvrtc.sh [CACHE_DIR]   (default: DotNet~/artifacts/nvrtc)
# The debs are kept in CACHE_DIR/debs, so a rerun only unpacks (or does nothing).
set -euo pipefail
cd "$(dirname "$0")/.."
cache=${1:-DotNet~/artifacts/nvrtc}
mkdir -p "$cache"
cache=$(cd "$cache" && pwd)
root="$cache/root"
lib="$root/usr/lib/x86_64-linux-gnu/libnvrtc.so.11.2"
if [ -f "$lib" ] && ls "$root"/usr/lib/x86_64-linux-gnu/libnvrtc-builtins.so.11.8* >/dev/null 2>&1; then
  echo "$lib"; exit 0
fi
debs="$cache/debs"
mkdir -p "$debs"
if ! ls "$debs"/libnvrtc11.2_*.deb >/dev/null 2>&1 || ! ls "$debs"/libnvrtc-builtins11.8_*.deb >/dev/null 2>&1; then
  command -v apt-get >/dev/null || { echo "fetch-nvrtc: apt-get not found; put the two debs in $debs by hand" >&2; exit 1; }
  apt="$cache/apt"
  mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial"
  echo "deb http://deb.debian.org/debian bookworm non-free" > "$apt/sources.list"
  opts=(-o "Dir::Etc::SourceList=$apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
        -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache"
        -o Debug::NoLocking=1 -o APT::Sandbox::User=root -q)
  apt-get "${opts[@]}" update >&2
  (cd "$debs" && apt-get "${opts[@]}" download libnvrtc11.2 libnvrtc-builtins11.8 >&2)
fi
rm -rf "$root"
mkdir -p "$root"
for deb in "$debs"/*.deb; do dpkg -x "$deb" "$root"; done
[ -f "$lib" ] || { echo "fetch-nvrtc: $lib missing after unpacking $(ls "$debs")" >&2; exit 1; }
echo "$lib"
