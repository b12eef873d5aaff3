#!/usr/bin/env bash
# The GEMM's design steps measured with `peft4j bench gemm` (the figures in docs/GEMM.md), ROUNDS times, best-of-N:
#   naive          textbook triple loop, 1 thread
#   packed         packed A and B panels, 1 x 1-vector micro-kernel, no cache blocking, 1 thread
#   register       packed, 12 x 2-vector micro-kernel (6 x 2 where vectors are narrower), no cache blocking, 1 thread
#   cache          + cache blocking (KC, MC, NC), 1 thread         = Gemm as shipped, single-threaded
#   parallel       + all threads (2 here)                           = Gemm as shipped
# Usage: benchmarks/gemm_steps.sh [ROUNDS=3] [M N K = 1024 1024 1024] [SECONDS=2]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS="${1:-3}"; M="${2:-1024}"; N="${3:-1024}"; K="${4:-1024}"; SECS="${5:-2}"
OUT="${OUT:-$ROOT/benchmarks/target/gemm-steps.jsonl}"
mkdir -p "$(dirname "$OUT")"; : > "$OUT"
(cd "$ROOT" && mvn -q -B -o install -DskipTests -pl cli -am >&2 \
  && mvn -q -B -o -f cli/pom.xml dependency:build-classpath -Dmdep.outputFile=target/deps.classpath -Dmdep.includeScope=runtime >&2)
CP="$ROOT/cli/target/classes"
for m in kernels tensor autograd weights-loader transformer peft finetune federated; do CP="$CP:$ROOT/$m/target/classes"; done
CP="$CP:$(tr ':' '\n' < "$ROOT/cli/target/deps.classpath" | grep -v '/org/peft4j/' | paste -sd: -)"
JAVA="${PEFT4J_JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
NOBLOCK="-Dpeft4j.gemm.kc=1000000 -Dpeft4j.gemm.mc=1000000 -Dpeft4j.gemm.nc=1000000"
step() { # name, threads, extra JVM flags..., then bench args after --
  local name="$1" threads="$2"; shift 2
  local jvm=(); while [[ "$1" != "--" ]]; do jvm+=("$1"); shift; done; shift
  "$JAVA" --add-modules jdk.incubator.vector -XX:+UseParallelGC -Xmx6g "${jvm[@]}" -cp "$CP" org.peft4j.cli.Main \
    bench gemm --m "$M" --n "$N" --k "$K" --threads "$threads" --seconds "$SECS" "$@" 2>/dev/null \
    | sed "s/^{/{\"step\":\"$name\",/" | tee -a "$OUT"
}
for round in $(seq "$ROUNDS"); do
  step naive 1 -- --variant naive
  step packed 1 -Dpeft4j.gemm.kernel=1x1 $NOBLOCK --
  step register 1 $NOBLOCK --
  step cache 1 --
  step parallel 2 --
done >&2
/usr/bin/python3 - "$OUT" <<'PY'
import json, sys
wall, cpu = {}, {}
for line in open(sys.argv[1]):
    if line.startswith("{"):
        r = json.loads(line); s = r["step"]
        wall[s] = max(wall.get(s, 0), r["gflops_best"])
        if "gflops_best_cpu" in r: cpu[s] = max(cpu.get(s, 0), r["gflops_best_cpu"])
print("| step | threads | GFLOP/s wall (best) | GFLOP/s CPU time (best, 1 thread) |")
print("|---|---|---|---|")
for s in ["naive", "packed", "register", "cache", "parallel"]:
    if s in wall:
        c = f"{cpu[s]:.1f}" if s in cpu else "-"
        print(f"| {s} | {2 if s == 'parallel' else 1} | {wall[s]:.1f} | {c} |")
PY
