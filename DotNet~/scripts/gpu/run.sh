#!/usr/bin/env bash
# Runs on a GPU machine without .NET, from the folder prepare-gpu.sh made (.gpu/):
#   OUT=/path/for/reports bash .gpu/run.sh
# Every step is logged with its time and exit code, has its own timeout, and never stops the steps after it.
# Reports: $OUT/reports.tgz holding run.log (everything), <step>.out, checks/*.txt|json, doctor.json and what the
# steps.d files write; beside it $OUT/summary.txt (PASS/FAIL/SKIP lines of every check) and $OUT/steps.tsv (step, rc,
# seconds). A step that exits 4 did not run its check (no GPU, no PyTorch, nothing measured): it is counted as not run,
# never as passed. Exit code: 0 when every step ran and passed, 1 when one failed, 4 when none failed but one did not run.
# A short device budget can run a subset: STEPS="20-engine 55-reliability" sources only the steps.d files whose
# names start with one of the words; SKIP_GPU_CHECKS=1 skips the binding's `check gpu` items.
set -u
here=$(cd "$(dirname "$0")" && pwd)
OUT=${OUT:-$here/out}
mkdir -p "$OUT" "$OUT/checks"
log="$OUT/run.log"
: > "$OUT/steps.tsv"
failures=0
notrun=0

say() { echo "[$(date -u +%H:%M:%S)] $*" | tee -a "$log"; }

# step NAME TIMEOUT_SECONDS COMMAND...: runs COMMAND with output in $OUT/NAME.out, logs rc and duration.
step() {
  local name=$1 limit=$2; shift 2
  local start end rc secs
  say "== $name (timeout ${limit}s): $*"
  start=$(date +%s.%N)
  timeout --kill-after=15 "$limit" "$@" > "$OUT/$name.out" 2>&1
  rc=$?
  end=$(date +%s.%N)
  secs=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
  [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ] && echo "(timed out after ${limit}s)" >> "$OUT/$name.out"
  tail -n 60 "$OUT/$name.out" | tee -a "$log"
  say "== $name: rc=$rc in ${secs}s"
  printf '%s\t%s\t%s\n' "$name" "$rc" "$secs" >> "$OUT/steps.tsv"
  if [ "$rc" -eq 4 ]; then notrun=$((notrun + 1)); say "== $name: NOT RUN (exit 4: its check did not run; not a pass)"
  elif [ "$rc" -ne 0 ]; then failures=$((failures + 1)); fi
  return 0
}

say "Sightline GPU run, commit $(cat "$here/commit.txt" 2>/dev/null || echo unknown), host $(hostname)"

# .NET runtime: unpack once per machine into /tmp.
DN=${SIGHTLINE_DOTNET_DIR:-/tmp/sightline-dotnet}  # overridable for the script's own test
if [ ! -x "$DN/dotnet" ]; then
  mkdir -p "$DN" && tar xJf "$here/dotnet.tar.xz" -C "$DN" || say "ERROR: could not unpack $here/dotnet.tar.xz"
fi
export DOTNET_ROOT=$DN DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_gcServer=0
SIGHTLINE=("$DN/dotnet" "$here/app/sightline.dll")
export SIGHTLINE_KERNEL_CACHE=/tmp/sightline-kernel-cache

# CUDA 13 (cuBLAS, NVRTC), the system cuDNN 9; PyTorch's cuDNN last, as a fallback the loader may find.
TORCH_CUDNN=/opt/torch/.venv/lib/python3.12/site-packages/nvidia/cudnn/lib
libs=/usr/local/cuda-13.0/targets/x86_64-linux/lib:/usr/lib/x86_64-linux-gnu
[ -d "$TORCH_CUDNN" ] && libs=$libs:$TORCH_CUDNN
export LD_LIBRARY_PATH=$libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
say "LD_LIBRARY_PATH=$LD_LIBRARY_PATH"

step nvidia-smi 30 nvidia-smi
step doctor 60 "${SIGHTLINE[@]}" doctor --verbose
"${SIGHTLINE[@]}" doctor --json > "$OUT/doctor.json" 2>> "$log"

# One process per check: a crash in one native call cannot take the others with it.
checks=$(timeout 60 "${SIGHTLINE[@]}" check gpu --list 2>> "$log" | awk '{ print $1 }')
[ -n "$checks" ] || { say "ERROR: could not list the GPU checks"; failures=$((failures + 1)); }
[ "${SKIP_GPU_CHECKS:-0}" = "1" ] && { say "SKIP_GPU_CHECKS=1: binding checks skipped"; checks=""; }
for check in $checks; do
  step "check-gpu-$check" 240 "${SIGHTLINE[@]}" check gpu --only "$check" --out "$OUT/checks"
done

# When a cuDNN check failed with the system cuDNN, try PyTorch's copy too (tells a library problem from ours).
if [ -d "$TORCH_CUDNN" ] && grep -qh '^FAIL cudnn' "$OUT"/checks/gpu-check-cudnn-*.txt 2>/dev/null; then
  for check in $(echo "$checks" | grep '^cudnn'); do
    SIGHTLINE_CUDNN=$TORCH_CUDNN/libcudnn.so.9 LD_LIBRARY_PATH=$TORCH_CUDNN:$LD_LIBRARY_PATH \
      step "check-gpu-$check-torch-cudnn" 240 "${SIGHTLINE[@]}" check gpu --only "$check" --out "$OUT/checks-torch-cudnn"
  done
fi

# More steps (engine verification, benchmarks): each steps.d/*.sh file calls `step` with its own commands.
for extra in "$here"/steps.d/*.sh; do
  [ -f "$extra" ] || continue
  if [ -n "${STEPS:-}" ]; then
    wanted=0
    for w in $STEPS; do case "$(basename "$extra")" in "$w"*) wanted=1 ;; esac; done
    [ "$wanted" -eq 1 ] || { say "== skipping $(basename "$extra") (STEPS=$STEPS)"; continue; }
  fi
  say "== sourcing $(basename "$extra")"
  # shellcheck disable=SC1090
  . "$extra"
done

cat "$OUT"/checks/*.txt "$OUT"/checks-torch-cudnn/*.txt 2>/dev/null | grep -E '^(PASS|FAIL|SKIP)' > "$OUT/summary.txt"
say "== steps (name, rc, seconds)"
tee -a "$log" < "$OUT/steps.tsv"
say "== checks: $(grep -c '^PASS' "$OUT/summary.txt") PASS, $(grep -c '^FAIL' "$OUT/summary.txt") FAIL, $(grep -c '^SKIP' "$OUT/summary.txt") SKIP"
grep '^FAIL' "$OUT/summary.txt" | tee -a "$log"
say "== done: $failures step(s) failed, $notrun step(s) not run"

# Only a few files come back from a GPU machine: pack everything into reports.tgz and keep just the overview
# (summary.txt, steps.tsv) loose beside it.
pack=/tmp/sightline-reports-$$.tgz
if tar czf "$pack" -C "$OUT" --exclude=reports.tgz . 2>> "$log"; then
  find "$OUT" -mindepth 1 -maxdepth 1 ! -name summary.txt ! -name steps.tsv -exec rm -rf {} +
  mv "$pack" "$OUT/reports.tgz"
  echo "reports: $OUT/reports.tgz ($(du -k "$OUT/reports.tgz" | cut -f1) KiB; tar xzf it for run.log, checks/, every step's .out), $OUT/summary.txt, $OUT/steps.tsv"
else
  echo "could not pack the reports; they stay as loose files in $OUT"
fi
[ "$failures" -eq 0 ] || exit 1
[ "$notrun" -eq 0 ] || exit 4
