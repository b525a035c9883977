#!/usr/bin/env bash
# Prepares .gpu/ (ignored) for a GPU machine that has no .NET (see Documentation~/gpu.md):
#   .gpu/app/          the sightline CLI, published framework-dependent for linux-x64
#   .gpu/dotnet.tar.xz this machine's .NET runtime (host + Microsoft.NETCore.App, no SDK)
#   .gpu/run.sh        unpacks the runtime to /tmp, runs doctor, the GPU checks and every steps.d/*.sh step
#   .gpu/steps.d/      more steps (engine checks, benchmarks) from DotNet~/scripts/gpu/steps.d
# Then, on the GPU machine: OUT=/some/folder bash .gpu/run.sh   (reports land in $OUT; default .gpu/out)
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
out=.gpu
limit_mb=60
mkdir -p "$out"
rm -rf "$out/app" "$out/steps.d" "$out/out"

echo "== publish the CLI (Release, framework-dependent, linux-x64)"
dotnet publish DotNet~/Sightline.Cli/Sightline.Cli.csproj -c Release -r linux-x64 --self-contained false -o "$out/app" -nologo -v quiet
# ONNX Runtime's CUDA/TensorRT providers are hundreds of MB and not what these checks need.
find "$out/app" -name 'libonnxruntime_providers_cuda.so' -o -name 'libonnxruntime_providers_tensorrt.so' | xargs -r rm -f
# Windows/macOS natives never run there; ONNX Runtime's CPU library (28 MB) is checked on this machine instead,
# so it stays behind unless SIGHTLINE_GPU_KEEP_ORT=1 (the carry limit is 64 MiB).
find "$out/app" \( -name '*.dll' -a -name 'onnxruntime*.dll' \) -o -name '*.dylib' | xargs -r rm -f
[ "${SIGHTLINE_GPU_KEEP_ORT:-0}" = 1 ] || rm -f "$out/app/libonnxruntime.so"

echo "== .NET runtime tarball"
# Packs the .NET runtime of this machine for a GPU machine that has none.
root=$(dirname "$(readlink -f "$(command -v dotnet)")")
[ -s "$out/dotnet.tar.xz" ] || tar -C "$root" -cJf "$out/dotnet.tar.xz" dotnet host shared/Microsoft.NETCore.App

echo "== run.sh and steps"
cp DotNet~/scripts/gpu/run.sh "$out/run.sh"
chmod +x "$out/run.sh"
mkdir -p "$out/steps.d"
cp DotNet~/scripts/gpu/steps.d/*.sh "$out/steps.d/" 2>/dev/null || true
git rev-parse HEAD > "$out/commit.txt" 2>/dev/null || echo unknown > "$out/commit.txt"

size_mb=$(du -sm "$out" | cut -f1)
echo "== .gpu is ${size_mb} MB (limit ${limit_mb} MB)"
du -sm "$out"/* | sort -rn | head -5
if [ "$size_mb" -ge "$limit_mb" ]; then
  echo "prepare-gpu: .gpu is ${size_mb} MB, over the ${limit_mb} MB a GPU run may carry; largest files:" >&2
  find "$out" -type f -size +2M -exec du -m {} + | sort -rn | head -10 >&2
  exit 1
fi
echo "ready: carry .gpu and run: bash .gpu/run.sh   (with OUT=<folder> for the reports)"
