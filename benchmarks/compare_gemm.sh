#!/usr/bin/env bash
# GEMM side by side: OpenBLAS (../shared/bench/sgemm_openblas.py) and `peft4j bench gemm` on the same shapes and
# thread counts, alternating, ROUNDS times; prints every JSON line to $OUT and a best-of-N markdown table to stdout.
# Usage: benchmarks/compare_gemm.sh [ROUNDS=3] [SECONDS=2] [THREADS="1 2"]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="${PEFT4J_SHARED:-$ROOT/../shared}"
ROUNDS="${1:-3}"; SECONDS_PER_SHAPE="${2:-2}"; THREADS="${3:-1 2}"
SIZES="256,512,1024,2048"; SHAPES="1024x768x768,1024x3072x768,1024x768x3072"
OUT="${OUT:-$ROOT/benchmarks/target/gemm-compare.jsonl}"
mkdir -p "$(dirname "$OUT")"; : > "$OUT"

# Build the CLI and run it from this checkout's module classes (not from ~/.m2, which other checkouts share).
(cd "$ROOT" && mvn -q -B -o install -DskipTests -pl cli -am >&2 \
  && mvn -q -B -o -f cli/pom.xml dependency:build-classpath -Dmdep.outputFile=target/deps.classpath -Dmdep.includeScope=runtime >&2)
CP="$ROOT/cli/target/classes"
for m in kernels tensor autograd weights-loader transformer peft finetune federated; do CP="$CP:$ROOT/$m/target/classes"; done
CP="$CP:$(tr ':' '\n' < "$ROOT/cli/target/deps.classpath" | grep -v '/org/peft4j/' | paste -sd: -)"
JAVA="${PEFT4J_JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
peft4j() { "$JAVA" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -XX:+UseParallelGC -Xmx6g \
             -cp "$CP" org.peft4j.cli.Main "$@" 2>/dev/null; }

shapes() { for s in ${SIZES//,/ }; do echo "$s $s $s"; done; for s in ${SHAPES//,/ }; do echo "${s//x/ }"; done; }
for round in $(seq "$ROUNDS"); do
  for t in $THREADS; do
    /usr/bin/python3 "$SHARED/bench/sgemm_openblas.py" --threads "$t" --sizes "$SIZES" --shapes "$SHAPES" \
      --seconds "$SECONDS_PER_SHAPE" | tee -a "$OUT"
    while read -r m n k; do
      peft4j bench gemm --m "$m" --n "$n" --k "$k" --threads "$t" --seconds "$SECONDS_PER_SHAPE" | tee -a "$OUT"
      if [[ "$m" == 1024 && ( "$n" != "$k" || "$n" == 1024 ) ]]; then
        peft4j bench gemm --m "$m" --n "$n" --k "$k" --threads "$t" --dtype bf16 --seconds "$SECONDS_PER_SHAPE" | tee -a "$OUT"
        peft4j bench gemm --m "$m" --n "$n" --k "$k" --threads "$t" --dtype bf16 --trans-b --seconds "$SECONDS_PER_SHAPE" | tee -a "$OUT"
      fi
    done < <(shapes)
  done
done >&2

/usr/bin/python3 - "$OUT" <<'PY'
import json, sys, collections
best = collections.defaultdict(float)
for line in open(sys.argv[1]):
    line = line.strip()
    if not line.startswith("{"): continue
    r = json.loads(line)
    key = (r["m"], r["n"], r["k"], r["threads"], r["peer"], r.get("dtype", "f32"), r.get("trans_b", False))
    best[key] = max(best[key], r["gflops_best"])
print("| M x N x K | threads | OpenBLAS | peft4j f32 | ratio | peft4j bf16 B | bf16/f32 | peft4j bf16 Bᵀ |")
print("|---|---|---|---|---|---|---|---|")
for (m, n, k, t) in sorted({key[:4] for key in best}, key=lambda x: (x[3], x[0] * x[1] * x[2] != x[0] ** 3, x[0], x[1], x[2])):
    ob = best.get((m, n, k, t, "openblas", "f32", False), 0)
    ours = best.get((m, n, k, t, "peft4j", "f32", False), 0)
    bf = best.get((m, n, k, t, "peft4j", "bf16", False), 0)
    bft = best.get((m, n, k, t, "peft4j", "bf16", True), 0)
    fmt = lambda v: f"{v:.1f}" if v else "-"
    ratio = f"{ours / ob:.2f}" if ob and ours else "-"
    bratio = f"{bf / ours:.2f}" if bf and ours else "-"
    print(f"| {m}x{n}x{k} | {t} | {fmt(ob)} | {fmt(ours)} | {ratio} | {fmt(bf)} | {bratio} | {fmt(bft)} |")
PY
