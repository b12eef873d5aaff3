#!/usr/bin/env bash
# 100 federated clients with small adapters (LoRA r=4 on a tiny random BERT) for 3 rounds over loopback:
# the server runs as its own process (its heap is what is measured), the 100 clients in a second process.
# Usage: benchmarks/federated/scale-100-clients.sh [OUT_DIR]   (PEFT4J=path/to/launcher to override ./peft4j)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PEFT4J="${PEFT4J:-$ROOT/peft4j}"
OUT="${1:-/tmp/peft4j-scale-100}"
PORT="${PORT:-7171}"
rm -rf "$OUT" && mkdir -p "$OUT"
COMMON=(--model random-bert --method lora --rank 4 --alpha 8 --local-steps 1 --batch-size 4 --max-length 32)
PEFT4J_JAVA_OPTS="-Xmx512m" "$PEFT4J" fed server "${COMMON[@]}" --key "$OUT/fed.key" --generate-key --port "$PORT" \
  --rounds "${ROUNDS:-3}" --clients-per-round 100 --no-eval --heap-each-round --deadline 600 --out "$OUT/run" > "$OUT/server.log" 2>&1 &
SERVER=$!
while [[ ! -s "$OUT/fed.key" ]]; do sleep 0.2; done
PEFT4J_JAVA_OPTS="-Xmx4g" "$PEFT4J" fed client "${COMMON[@]}" --key "$OUT/fed.key" --port "$PORT" --id site --shards 100 --count 100 \
  --partition iid > "$OUT/clients.log" 2>&1
wait "$SERVER"
cat "$OUT/server.log"
tail -3 "$OUT/clients.log"
