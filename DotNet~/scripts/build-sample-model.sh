#!/usr/bin/env bash
# Rebuilds the Camera Classifier sample's model, Samples~/Camera Classifier/ShapesMini.onnx: renders cubes, spheres
# and cylinders (the sample scene's shapes), trains the mini network on them (CUDA when present, else the CPU) and
# exports the best checkpoint. Needs a Release build (dotnet build DotNet~/Sightline.slnx -c Release).
# WORK=<folder> keeps the dataset and run there (default: a temporary folder); FRAMES and EPOCHS size the run.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cli="$root/DotNet~/artifacts/bin/Sightline.Cli/release/sightline.dll"
[ -f "$cli" ] || { echo "build first: dotnet build DotNet~/Sightline.slnx -c Release ($cli is missing)" >&2; exit 2; }
work="${WORK:-$(mktemp -d)}"
target="$root/Samples~/Camera Classifier/ShapesMini.onnx"

dotnet "$cli" render --out "$work/shapes" --classes 3 --frames "${FRAMES:-2400}" --seed 7
dotnet "$cli" train --data "$work/shapes" --out "$work/run" --spec mini --epochs "${EPOCHS:-12}" --seed 7
dotnet "$cli" export --model "$work/run/best.slckpt" --onnx "$target"
dotnet "$cli" eval --model "$work/run/best.slckpt" --data "$work/shapes"
ls -l "$target"
