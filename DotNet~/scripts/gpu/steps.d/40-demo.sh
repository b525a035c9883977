# Sourced by .gpu/run.sh (which defines step, SIGHTLINE, OUT): the demo's promise, >= 90% validation top-1 within
# 5 minutes on two CPU cores. The GPU machine is idle, unlike the shared build machine, so it measures that honestly:
# pinned to two cores, CPU engine. Output: $OUT/demo-cpu-2cores.out (progress on stderr, then the JSON result).
pin=()
command -v taskset > /dev/null 2>&1 && pin=(taskset -c 0,1)
step demo-cpu-2cores 330 "${pin[@]}" "${SIGHTLINE[@]}" demo --engine cpu --threads 2 --out /tmp/sightline-demo-cpu --json
