#!/usr/bin/env bash
# GEMM side by side: OpenBLAS (../shared/bench/sgemm_openblas.py) and `peft4j bench gemm` on the same shapes and
# thread counts, alternating, ROUNDS times; prints every JSON line to $OUT and a best-of-N markdown table to stdout.
# Usage: benchmarks/compare_gemm.sh [ROUNDS=3] [SECONDS=2] [THREADS="1 2"]
# APPEND=1 keeps the lines already in $OUT (several sessions summarised together).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="${PEFT4J_SHARED:-$ROOT/../shared}"
ROUNDS="${1:-3}"; SECONDS_PER_SHAPE="${2:-2}"; THREADS="${3:-1 2}"
SIZES="256,512,1024,2048"; SHAPES="1024x768x768,1024x3072x768,1024x768x3072"
OUT="${OUT:-$ROOT/benchmarks/target/gemm-compare.jsonl}"
mkdir -p "$(dirname "$OUT")"; [[ "${APPEND:-0}" == 1 ]] || : > "$OUT"

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
    if [[ "$t" == 1 ]]; then  # one thread: also CPU time, immune to other load on a shared machine
      /usr/bin/python3 "$ROOT/benchmarks/openblas_cpu_time.py" --shared "$SHARED" --sizes "$SIZES" --shapes "$SHAPES" \
        --seconds "$SECONDS_PER_SHAPE" | tee -a "$OUT"
    fi
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
    if "gflops_best" in r: best[key] = max(best[key], r["gflops_best"])
    if "gflops_best_cpu" in r: best[key + ("cpu",)] = max(best[key + ("cpu",)], r["gflops_best_cpu"])
fmt = lambda v: f"{v:.1f}" if v else "-"
ratio = lambda x, y: f"{x / y:.2f}" if x and y else "-"
print("Wall clock, best of all rounds (GFLOP/s):\n")
print("| M x N x K | threads | OpenBLAS | peft4j f32 | ratio | peft4j bf16 B | bf16/f32 | peft4j bf16 Bᵀ | bf16 Bᵀ/f32 |")
print("|---|---|---|---|---|---|---|---|---|")
order = lambda x: (x[3], x[0] * x[1] * x[2] != x[0] ** 3, x[0], x[1], x[2])
for (m, n, k, t) in sorted({key[:4] for key in best}, key=order):
    g = lambda peer, dt="f32", tb=False: best.get((m, n, k, t, peer, dt, tb), 0)
    ob, ours, bf, bft = g("openblas"), g("peft4j"), g("peft4j", "bf16"), g("peft4j", "bf16", True)
    print(f"| {m}x{n}x{k} | {t} | {fmt(ob)} | {fmt(ours)} | {ratio(ours, ob)} | {fmt(bf)} | {ratio(bf, ours)} | {fmt(bft)} | {ratio(bft, ours)} |")
cpu_keys = sorted({key[:4] for key in best if len(key) == 8}, key=order)
if cpu_keys:
    print("\nOne thread, CPU time of the calling thread, best of all rounds (GFLOP/s):\n")
    print("| M x N x K | OpenBLAS | peft4j f32 | ratio | peft4j bf16 B | peft4j bf16 Bᵀ |")
    print("|---|---|---|---|---|---|")
    for (m, n, k, t) in cpu_keys:
        g = lambda peer, dt="f32", tb=False: best.get((m, n, k, t, peer, dt, tb, "cpu"), 0)
        ob, ours = g("openblas"), g("peft4j")
        print(f"| {m}x{n}x{k} | {fmt(ob)} | {fmt(ours)} | {ratio(ours, ob)} | {fmt(g('peft4j', 'bf16'))} | {fmt(g('peft4j', 'bf16', True))} |")
PY
