#!/usr/bin/env bash
# The Unity package as users get it: `npm pack` builds the UPM tarball from package.json's "files" (exactly as a
# registry would serve it), it is unpacked in a temporary folder and checked (sightline-package check-tarball: metas,
# vendored DLLs, nothing from DotNet~ or Native~); then every asmdef of the unpacked copy is compiled as Unity
# compiles it (sightline-package compile-as-unity, references only from the tarball itself: --nuget none), without and
# with asus4's ONNX Runtime package (its sources and package.json, from `npm pack` into .ci/cache/ once: about 150 MB,
# of which only Runtime/*.cs is unpacked). Needs the package tool built (.ci/run builds it first).
set -euo pipefail
cd "$(dirname "$0")/.."
tool="dotnet DotNet~/artifacts/bin/Sightline.PackageTool/release/sightline-package.dll"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

tgz=$(npm pack --silent --pack-destination "$tmp" | tail -n 1)
echo "npm pack: $tgz, $(stat -c %s "$tmp/$tgz") bytes"
tar xzf "$tmp/$tgz" -C "$tmp"
$tool check-tarball "$tmp/package"

ort=com.github.asus4.onnxruntime-0.4.9.tgz
mkdir -p .ci/cache
[ -f ".ci/cache/$ort" ] || npm pack --silent --pack-destination .ci/cache com.github.asus4.onnxruntime@0.4.9 >/dev/null
mkdir -p "$tmp/ort" && tar xzf ".ci/cache/$ort" -C "$tmp/ort" --wildcards 'package/package.json' 'package/Runtime/*'
echo "== compile-as-unity on the unpacked tarball, ONNX Runtime absent"
$tool compile-as-unity "$tmp/package" --nuget none
echo "== compile-as-unity on the unpacked tarball, with com.github.asus4.onnxruntime 0.4.9"
$tool compile-as-unity "$tmp/package" --nuget none --package "$tmp/ort/package"
