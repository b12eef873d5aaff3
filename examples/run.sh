#!/usr/bin/env bash
# Runs one example program on JDK 25:  examples/run.sh NAME [ARGS...]
#   NAME: TensorBasics, AutogradMlp, EmbedSentences, LoraClassifier, FederatedRound, FederaInit, FisherMasks,
#         InternalsWalkthrough (the source files are in examples/src/main/java/org/peft4j/examples/).
# Builds the examples and the modules below them on first use (or when sources changed), nothing installed into ~/.m2.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STAMP="$ROOT/examples/target/examples.classpath"
if [[ $# -lt 1 ]]; then
  sed -n '2,4p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
NAME="$1"; shift
if [[ ! -f "$ROOT/examples/src/main/java/org/peft4j/examples/$NAME.java" ]]; then
  echo "examples/run.sh: no example named '$NAME'; the examples are:" \
       $(ls "$ROOT/examples/src/main/java/org/peft4j/examples" | sed -n 's/\.java$//p' | grep -v '^Example') >&2
  exit 2
fi

find_java() {
  if [[ -n "${PEFT4J_JAVA:-}" ]]; then echo "$PEFT4J_JAVA"; return; fi
  for j in "${JAVA_HOME:-}" /usr/lib/jvm/*25* /usr/lib/jvm/*-2[5-9]* /usr/lib/jvm/*; do
    if [[ -x "$j/bin/java" ]] && "$j/bin/java" -version 2>&1 | grep -qE 'version "(2[5-9]|[3-9][0-9])'; then
      echo "$j/bin/java"; return
    fi
  done
  echo "examples/run.sh: no JDK 25 or newer found (looked at \$JAVA_HOME and /usr/lib/jvm); set PEFT4J_JAVA" >&2
  exit 1
}

needs_build() {
  [[ ! -f "$STAMP" ]] && return 0
  [[ -n "$(find "$ROOT" -path "$ROOT/.git" -prune -o \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) -newer "$STAMP" -print -quit 2>/dev/null)" ]]
}

if needs_build; then
  echo "examples/run.sh: building the examples (first use or sources changed)..." >&2
  (cd "$ROOT" && mvn -q -B -pl examples -am compile dependency:build-classpath \
     -Dmdep.outputFile=target/deps.classpath -Dmdep.includeScope=runtime >&2)
  echo "$ROOT/examples/target/classes:$(cat "$ROOT/examples/target/deps.classpath")" > "$STAMP"
fi

JAVA="$(find_java)"
# peft4j.shared: where the shared models and datasets are (the examples fall back to the MiniLM in the Maven jar).
exec "$JAVA" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -XX:+UseParallelGC \
  ${PEFT4J_JAVA_OPTS:--Xmx4g} -Dpeft4j.shared="${PEFT4J_SHARED:-$ROOT/../shared}" \
  -cp "$(cat "$STAMP")" "org.peft4j.examples.$NAME" "$@"
