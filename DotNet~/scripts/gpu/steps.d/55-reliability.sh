# Sourced by .gpu/run.sh: `sightline check reliability` on a machine with CUDA, so its "CUDA out of memory" row runs:
# the paper network at a batch of 65536 must fail with the sizes and a suggested batch, and an engine for the
# suggested batch must then allocate. The other rows (kills, disk full, NaN, load, fuzzing) run as in CI.
step check-reliability 240 "${SIGHTLINE[@]}" check reliability --seconds 30 --json
