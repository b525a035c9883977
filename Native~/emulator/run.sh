#!/usr/bin/env bash
# Runs the kernels of Native~/kernels on the CPU (emu.h: blocks in sequence, a block's threads as std::threads)
# against double-precision references, so kernel logic is tested on machines without a GPU. Needs g++ >= 11.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
# Dynamic shared memory becomes one static buffer (blocks run one at a time).
cat "$here"/../kernels/*.cu | sed -E 's/extern __shared__ float ([a-z]+)\[\];/float* \1 = g_dyn;/' > "$out/kernels.inc"
g++ -std=c++20 -O1 -pthread -w -I"$here" -I"$out" -o "$out/kernel_tests" "$here/kernel_tests.cpp"
"$out/kernel_tests"
