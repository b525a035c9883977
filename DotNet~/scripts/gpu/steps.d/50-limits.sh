# Sourced by .gpu/run.sh: what a user meets at the edges. A batch far too large for the GPU must fail with a clear
# out-of-memory message (sizes, not a crash); and the CPU engine's speed on two pinned cores (the size of the
# machines the CPU targets are set for), for the CPU engine's benchmark.
if [ -d /tmp/sightline-demo/data ]; then
  step oom-message 90 "${SIGHTLINE[@]}" train --engine cuda --spec paper --batch 150000 --epochs 1 \
    --data /tmp/sightline-demo/data --out /tmp/sightline-oom --json
fi
if command -v taskset > /dev/null 2>&1; then
  step bench-cpu-2cores 150 taskset -c 2,3 "${SIGHTLINE[@]}" bench cpu --threads 2 --json
fi
