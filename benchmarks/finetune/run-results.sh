#!/usr/bin/env bash
# Runs the fine-tuning targets of benchmarks/RESULTS-finetune.md one after another, each under /usr/bin/time -v,
# with one kernel thread. Usage: benchmarks/finetune/run-results.sh [agnews|sst2|e2e ...]   (default: all three)
# Output folders and logs go to $OUT (default /tmp/ftres); E2E_EPOCHS sets the from-scratch E2E run's epochs.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="${OUT:-/tmp/ftres}"
DATA="${DATA:-/work/shared/datasets}"
export PEFT4J_JAVA_OPTS="${PEFT4J_JAVA_OPTS:--Xmx6g -Dpeft4j.threads=1}"
mkdir -p "$OUT"

run() { # name, then the finetune options
  local name=$1; shift
  date -u +%FT%TZ > "$OUT/$name.start"
  /usr/bin/time -v "$ROOT/peft4j" finetune "$@" --out "$OUT/$name" > "$OUT/$name.log" 2>&1
  date -u +%FT%TZ > "$OUT/$name.end"
}

for job in "${@:-agnews sst2 e2e}"; do
  for j in $job; do
    case $j in
      agnews) run agnews --model minilm --task agnews --data "$DATA" --method lora --r 8 --alpha 16 --target-modules q,v \
                --epochs 1 --batch 16 --lr 1e-3 --max-length 128 --seed 0 --eval-every 188 ;;
      sst2) run sst2 --model minilm --task sst2 --data "$DATA" --method lora --r 8 --alpha 16 --target-modules q,v \
                --epochs 1 --batch 16 --lr 5e-4 --max-length 64 --seed 0 --eval-every 1000 ;;
      e2e) run e2e --model "$ROOT/benchmarks/finetune/gpt2-e2e-scratch" --random-init \
                --tokenizer "$ROOT/fixtures/golden/tokenizers/gpt2/tokenizer.json" --task e2e --data "$DATA" --method full \
                --epochs "${E2E_EPOCHS:-8}" --batch 16 --lr 2e-3 --max-length 128 --max-new-tokens 64 --eval-batch 32 --seed 0 ;;
      *) echo "unknown run $j (agnews, sst2, e2e)" >&2; exit 2 ;;
    esac
  done
done
