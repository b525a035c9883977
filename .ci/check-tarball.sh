#!/usr/bin/env bash
# The Unity package as users get it: `npm pack` builds the UPM tarball from package.json's "files" (exactly as a
# registry would serve it), it is unpacked in a temporary folder and checked (sightline-package check-tarball: metas,
# vendored DLLs, nothing from DotNet~ or Native~). Where the build has `sightline-package compile-as-unity`, each
# asmdef of the unpacked copy is also compiled as Unity compiles it, with and without asus4's ONNX Runtime package
# (fetched with `npm pack` into .ci/cache/ once). Needs the package tool built (.ci/run builds it first).
set -euo pipefail
cd "$(dirname "$0")/.."
tool="dotnet DotNet~/artifacts/bin/Sightline.PackageTool/release/sightline-package.dll"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

tgz=$(npm pack --silent --pack-destination "$tmp" | tail -n 1)
echo "npm pack: $tgz, $(stat -c %s "$tmp/$tgz") bytes"
tar xzf "$tmp/$tgz" -C "$tmp"
$tool check-tarball "$tmp/package"

if { $tool 2>&1 || true; } | grep -q compile-as-unity; then
  ort=com.github.asus4.onnxruntime-0.4.9.tgz
  mkdir -p .ci/cache
  [ -f ".ci/cache/$ort" ] || npm pack --silent --pack-destination .ci/cache com.github.asus4.onnxruntime@0.4.9 >/dev/null
  mkdir -p "$tmp/ort" && tar xzf ".ci/cache/$ort" -C "$tmp/ort" --wildcards 'package/package.json' 'package/Runtime/*'
  echo "== compile-as-unity on the unpacked tarball, ONNX Runtime absent"
  $tool compile-as-unity "$tmp/package"
  echo "== compile-as-unity on the unpacked tarball, with com.github.asus4.onnxruntime 0.4.9"
  $tool compile-as-unity "$tmp/package" --package "$tmp/ort/package"
else
  echo "NOTE: sightline-package has no compile-as-unity command in this build: the unpacked tarball was checked but not compiled"
fi
