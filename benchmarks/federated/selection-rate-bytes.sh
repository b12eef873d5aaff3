#!/usr/bin/env bash
# Bytes sent up per round with Fisher-selected sparse updates (selection rate 0.6, mask included) against dense
# updates (1.0): federated LoRA r=8 on all-MiniLM-L6-v2, 3 clients, 2 rounds of 2 local steps each.
# Usage: benchmarks/federated/selection-rate-bytes.sh [OUT_DIR]   (PEFT4J=path/to/launcher to override ./peft4j)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PEFT4J="${PEFT4J:-$ROOT/peft4j}"
OUT="${1:-/tmp/peft4j-selection-bytes}"
rm -rf "$OUT" && mkdir -p "$OUT"
for RATE in 1.0 0.6; do
  "$PEFT4J" fed simulate --clients 3 --rounds 2 --local-steps 2 --selection-rate "$RATE" --eval-limit 32 --no-adapter \
    --out "$OUT/rate-$RATE" > "$OUT/rate-$RATE.log" 2>&1
  grep '^round' "$OUT/rate-$RATE.log"
done
python3 - "$OUT" <<'PY'
import json, sys
out = sys.argv[1]
up = {}
for rate in ("1.0", "0.6"):
    rows = [json.loads(l) for l in open(f"{out}/rate-{rate}/summary.jsonl")]
    up[rate] = [r["bytesUp"] for r in rows if r["round"] > 0]
    print(f"selection rate {rate}: bytes up per round {up[rate]}")
for a, b in zip(up["1.0"], up["0.6"]):
    print(f"cut: {100 * (1 - b / a):.1f}% ({a} -> {b} bytes)")
PY
