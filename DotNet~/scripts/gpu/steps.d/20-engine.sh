# Sourced by .gpu/run.sh (which defines step, SIGHTLINE, OUT, here): the CUDA engine's verification and speed.
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

step engine-check-mini 120 "${SIGHTLINE[@]}" check engine --quick --no-torch --report "$OUT/checks/engine-mini.json"
step bench-gpu-sightline 150 "${SIGHTLINE[@]}" bench gpu --no-torch --report "$OUT/bench-sightline.json"
step engine-check-full 240 "${SIGHTLINE[@]}" check engine --report "$OUT/checks/engine-full.json" ${ref:+--reference "$ref/alexnet_reference.py"}
step bench-gpu-torch 300 "${SIGHTLINE[@]}" bench gpu --torch-budget 100 --report "$OUT/bench-torch.json" ${ref:+--torch-script "$ref/bench_torch.py"}
