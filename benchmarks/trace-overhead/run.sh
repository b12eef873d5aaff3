#!/usr/bin/env bash
# Measures what the op tracer and the JFR kernel events cost on a train step, three ways, interleaved:
#   nohooks  this tree with the tracing and JFR hook lines reverse-patched out (the baseline),
#   off      this tree as it is, no trace running (what every user pays),
#   traced   this tree with a Trace running over the timed steps.
# Usage: benchmarks/trace-overhead/run.sh [rounds] [shape] [warmup] [steps]   (defaults 5 tiny 300 300)
# Needs Maven (offline is fine) and JDK 25; builds into /tmp/peft4j-trace-overhead.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ROUNDS="${1:-5}" SHAPE="${2:-tiny}" WARMUP="${3:-300}" STEPS="${4:-300}"
WORK=/tmp/peft4j-trace-overhead
JAVA="${PEFT4J_JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
# The commits that added the hooks; their changes to these files are what "nohooks" removes.
HOOKS_FROM=1f09936 HOOKS_TO=4f3997d
HOOKED="tensor/src/main/java/org/peft4j/tensor/ops autograd/src/main/java transformer/src/main/java/org/peft4j/transformer/nn/Child.java
kernels/src/main/java/org/peft4j/kernels/cpu/Gemm.java kernels/src/main/java/org/peft4j/kernels/cpu/Softmax.java kernels/src/main/java/org/peft4j/kernels/cpu/Norms.java"

build() { # $1 = source tree; prints its classpath
  (cd "$1" && mvn -q -o -B -DskipTests package -pl transformer -am >&2 \
     && mvn -q -o -B -f transformer/pom.xml dependency:build-classpath -Dmdep.outputFile=target/deps.cp -Dmdep.includeScope=runtime >&2 || true)
  local cp="" m
  for m in kernels tensor autograd weights-loader transformer; do cp="$cp:$1/$m/target/classes"; done
  echo "${cp#:}:$(grep -o '[^:]*\.jar' "$1/transformer/target/deps.cp" | grep -v peft4j | paste -sd:)"
}

rm -rf "$WORK" && mkdir -p "$WORK/nohooks"
(cd "$ROOT" && git archive HEAD) | tar -x -C "$WORK/nohooks"
(cd "$ROOT" && git diff "$HOOKS_FROM" "$HOOKS_TO" -- $HOOKED) | (cd "$WORK/nohooks" && patch -s -p1 -R)
if grep -rq "Trace\.\|KernelEvent\." "$WORK/nohooks"/{tensor/src/main/java/org/peft4j/tensor/ops,autograd/src/main/java,kernels/src/main/java/org/peft4j/kernels/cpu} \
   "$WORK/nohooks/transformer/src/main/java/org/peft4j/transformer/nn/Child.java"; then
  echo "run.sh: hooks remain in the nohooks tree" >&2; exit 1
fi
CP_BASE="$(build "$WORK/nohooks")"
CP_HEAD="$(build "$ROOT")"
for r in $(seq "$ROUNDS"); do
  for v in nohooks:plain:"$CP_BASE" off:plain:"$CP_HEAD" traced:traced:"$CP_HEAD"; do
    IFS=: read -r label mode cp <<<"$v"
    cp="${v#*:*:}"
    echo -n "{\"round\":$r,\"variant\":\"$label\","
    "$JAVA" --add-modules jdk.incubator.vector -XX:+UseParallelGC -Xmx2g -cp "$cp" "$ROOT/benchmarks/trace-overhead/TrainStepLoop.java" \
        "$SHAPE" "$mode" "$WARMUP" "$STEPS" 2>/dev/null | sed 's/^{//'
  done
done
