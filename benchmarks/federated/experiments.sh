#!/usr/bin/env bash
# The small-scale experiments of docs/EXPERIMENTS.md: federated fine-tuning of all-MiniLM-L6-v2 on the built-in
# SST-2 sample, 3 clients, each run a `peft4j fed simulate` with its own output folder and log.
# Usage: benchmarks/federated/experiments.sh OUT_DIR [GROUP...]
#   groups: methods ffa fisher layers ranks fedprox seed42 (default: all, in that order)
# A run whose folder already holds accuracy.png is skipped, so the script can be restarted after an interruption.
# PEFT4J=path/to/launcher overrides ./peft4j; ROUNDS, STEPS, EVAL_LIMIT override the sizes below.
# A replicate with other seeds: EXTRA="--train-seed 1 --init-seed 1" SUFFIX=-seed1 (EXTRA is added to every run's
# flags, SUFFIX to every run's name); PARTITIONS="dirichlet iid" sets which partitions (and their order) `methods` runs.
# Each run's log ends with its CPU time (GNU time, when /usr/bin/time exists): wall time depends on the machine's
# other load, CPU seconds much less so.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PEFT4J="${PEFT4J:-$ROOT/peft4j}"
OUT="${1:?usage: experiments.sh OUT_DIR [GROUP...]}"; shift
GROUPS_TO_RUN=("${@:-methods ffa fisher layers ranks fedprox seed42}")
GROUPS_TO_RUN=(${GROUPS_TO_RUN[@]})
mkdir -p "$OUT"
# small on purpose: the machine has 2 cores shared with other work
COMMON=(--clients 3 --rounds "${ROUNDS:-5}" --local-steps "${STEPS:-12}" --batch-size 16 --eval-limit "${EVAL_LIMIT:-200}"
        --no-adapter)
# Dirichlet(0.5) with the demo's partition seed 13: every client holds both labels (majority shares 86/74/82%)
DIRICHLET=(--partition dirichlet --dirichlet-alpha 0.5 --partition-seed 13)

run() {
  local name="$1${SUFFIX:-}"; shift
  if [[ -f "$OUT/$name/accuracy.png" ]]; then echo "skip $name (done)"; return; fi
  echo "$(date -u +%H:%M:%S) start $name: $* ${EXTRA:-}"
  local t0=$SECONDS
  local timed=()
  [[ -x /usr/bin/time ]] && timed=(/usr/bin/time -f "cpu: %U s user, %S s sys, %e s wall, max RSS %M KiB")
  "${timed[@]}" "$PEFT4J" fed simulate "${COMMON[@]}" "$@" ${EXTRA:-} --out "$OUT/$name" > "$OUT/$name.log" 2>&1
  echo "$(date -u +%H:%M:%S) end $name (exit $?, $((SECONDS - t0)) s)"
}

for group in "${GROUPS_TO_RUN[@]}"; do
  case "$group" in
    methods)
      for part in ${PARTITIONS:-iid dirichlet}; do
        P=(--partition iid --partition-seed 13); [[ $part == dirichlet ]] && P=("${DIRICHLET[@]}")
        run "lora-$part"    "${P[@]}" --method lora --rank 8 --alpha 16 --lr 2e-3
        run "federa-$part"  "${P[@]}" --method federa --rank 8 --alpha 16 --lr 2e-3
        run "ia3-$part"     "${P[@]}" --method ia3 --lr 1e-2
        run "adapter-$part" "${P[@]}" --method adapter --reduction 16 --lr 2e-3
        run "full-$part"    "${P[@]}" --method full --lr 5e-5
      done ;;
    fisher)   # rate 1.0 is lora-dirichlet
      run "lora-dirichlet-fisher0.6" "${DIRICHLET[@]}" --method lora --rank 8 --alpha 16 --lr 2e-3 --selection-rate 0.6 ;;
    layers)   # all layers is lora-dirichlet
      for sel in last:3 first:3 middle:3; do
        run "lora-dirichlet-layers-${sel/:/}" "${DIRICHLET[@]}" --method lora --rank 8 --alpha 16 --lr 2e-3 --layers "$sel"
      done ;;
    ranks)    # r=8 is lora-dirichlet-layers-last3 (same flags)
      for r in 1 2 4 16 32; do
        run "lora-dirichlet-last3-r$r" "${DIRICHLET[@]}" --method lora --rank "$r" --alpha $((2 * r)) --lr 2e-3 --layers last:3
      done ;;
    ffa)      # naive averaging of A and B is lora-dirichlet
      run "lora-dirichlet-ffa" "${DIRICHLET[@]}" --method lora --rank 8 --alpha 16 --lr 2e-3 --freeze-lora-a ;;
    seed42)   # Dirichlet(0.5) seed 42: one client holds only negative rows
      run "lora-dirichlet-seed42" --partition dirichlet --dirichlet-alpha 0.5 --partition-seed 42 --method lora --rank 8 --alpha 16 --lr 2e-3 ;;
    fedprox)
      run "lora-dirichlet-fedprox0.1" "${DIRICHLET[@]}" --method lora --rank 8 --alpha 16 --lr 2e-3 --prox-mu 0.1 ;;
    *) echo "unknown group $group" >&2; exit 2 ;;
  esac
done
