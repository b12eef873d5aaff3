#!/usr/bin/env bash
# Runs the PyTorch peer and peft4j's train-step one after the other, ROUNDS times, on the same machine and thread
# count, and prints every JSON line (compare best-of-N: these shared machines are noisy). peft4j runs twice per round:
# as it trains by default (the last layer only for the [CLS] rows the head reads) and with --full-last-layer (the
# peer's exact amount of work).
# Usage: benchmarks/peft/train_step_vs_torch.sh [ROUNDS] [THREADS]   (from the project root)
set -euo pipefail
ROUNDS="${1:-3}"; THREADS="${2:-2}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PEER="${PEFT4J_SHARED:-$ROOT/../shared}/bench/torch_peer.py"
PY="${PEFT4J_PYTHON:-/usr/bin/python3}"
for i in $(seq "$ROUNDS"); do
  "$PY" "$PEER" train-step --threads "$THREADS" --batch 8 --seq 128
  "$ROOT/peft4j" bench train-step --arch bert-base --method lora --r 8 --batch 8 --seq 128 --threads "$THREADS"
  "$ROOT/peft4j" bench train-step --arch bert-base --method lora --r 8 --batch 8 --seq 128 --threads "$THREADS" --full-last-layer
done
