#!/usr/bin/env bash
# GPT-2 124M-shaped decode (random weights, 16-token prompt, 128 KV-cached greedy tokens, batch 1): the PyTorch
# peer and peft4j (fp32, then BF16 weights) one after the other, ROUNDS times, same thread count; prints every
# JSON line (compare best-of-N within one run).
# Usage: benchmarks/transformer/decode_vs_torch.sh [ROUNDS] [THREADS]   (from the project root)
set -euo pipefail
ROUNDS="${1:-3}"; THREADS="${2:-2}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PEER="${PEFT4J_SHARED:-$ROOT/../shared}/bench/torch_peer.py"
PY="${PEFT4J_PYTHON:-/usr/bin/python3}"
for i in $(seq "$ROUNDS"); do
  "$PY" "$PEER" decode --threads "$THREADS" --prompt 16 --tokens 128
  "$ROOT/peft4j" bench decode --arch gpt2-124m --prompt 16 --tokens 128 --threads "$THREADS"
  "$ROOT/peft4j" bench decode --arch gpt2-124m --prompt 16 --tokens 128 --threads "$THREADS" --dtype bf16
done
