# Sourced by .gpu/run.sh (which defines step, say, SIGHTLINE, OUT, here): the CUDA engine's verification and speed.
# One process per check and per measure: a sticky CUDA error (an illegal address) in one cannot fail the others.
# Ordered by what matters most if time runs short: correctness on the mini network, our speed, the paper-sized and
# PyTorch comparisons, then the benchmark with PyTorch in the same run.
ref=""
for candidate in "$here/../Tests/Reference" "$here/reference"; do
  [ -f "$candidate/alexnet_reference.py" ] && { ref=$(cd "$candidate" && pwd); break; }
done
[ -n "$ref" ] || say "WARNING: Tests/Reference not found next to $here; PyTorch comparisons will be skipped"
for py in /opt/torch/.venv/bin/python3 python3; do
  if command -v "$py" > /dev/null 2>&1 && "$py" -c "import torch" > /dev/null 2>&1; then export SIGHTLINE_PYTHON=$py; break; fi
done
say "engine steps: reference scripts in ${ref:-(none)}, python ${SIGHTLINE_PYTHON:-(no torch found)}"

engine_check() { # engine_check ID TIMEOUT
  step "engine-$1" "$2" "${SIGHTLINE[@]}" check engine --only "$1" --report "$OUT/checks/engine-$1.json" ${ref:+--reference "$ref/alexnet_reference.py"}
}
# A short device budget can narrow this file (the defaults run everything):
#   ENGINE_CHECK_IDS="augment paper-fusion ..."   which `check engine` ids, in order
#   BENCH_MEASURES="train_tf32 infer_tf32 ..."   which per-measure benchmarks (each with the engine variants)
#   SKIP_DEMO_CUDA=1                              no demo on the GPU
#   TORCH_BUDGET=N                                seconds PyTorch may start configurations in (0: no PyTorch run)
mini_ids="mini-one mini-split mini-partial mini-inference mini-graphs mini-steps-one mini-steps-split mini-ablation mini-tf32 augment mini-unfused mini-nhwc mini-bf16"
paper_ids="paper-fusion paper-nhwc paper-bf16 paper-auto-tf32 paper-one paper-split paper-nhwc-split paper-fast paper-tf32 torch-mini torch-paper"
measures=${BENCH_MEASURES:-"train_fp32 train_tf32 infer_fp32 infer_tf32 latency_tf32 infer_bf16 train_frames_tf32"}
if [ -n "${ENGINE_CHECK_IDS:-}" ]; then
  for id in $ENGINE_CHECK_IDS; do engine_check "$id" 180; done
else
  for id in $mini_ids; do engine_check "$id" 90; done
fi
# Each measure: the default engine and its variants (separate LRN/pool kernels, per-layer layout) in one process.
for measure in $measures; do
  step "bench-$measure" 180 "${SIGHTLINE[@]}" bench gpu --no-torch --measures "$measure" --report "$OUT/bench-$measure.json"
done
if [ -z "${ENGINE_CHECK_IDS:-}" ]; then
  for id in $paper_ids; do engine_check "$id" 180; done
fi
# A short real training run on rendered scenes, on the GPU (issue 8: it must learn well above chance).
[ "${SKIP_DEMO_CUDA:-0}" = "1" ] || step demo-cuda 150 "${SIGHTLINE[@]}" demo --engine cuda --minutes 1.5 --out /tmp/sightline-demo --json
budget=${TORCH_BUDGET:-100}
[ "$budget" -gt 0 ] && step bench-gpu-torch $((budget + 200)) "${SIGHTLINE[@]}" bench gpu --variants none --torch-budget "$budget" \
  --report "$OUT/bench-torch.json" ${ref:+--torch-script "$ref/bench_torch.py"}
