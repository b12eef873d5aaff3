#!/usr/bin/env bash
# Full verification of the CUDA backend on a GPU machine lent through the device tool (see DEVELOPERS.md "GPU").
# That machine has no Maven, no JDK 25 and no network, so the work is split:
#   scripts/gpu-verify.sh pack   here: build, copy every jar and class folder the GPU run needs into .gpu/, and
#                                 jlink a JDK 25 runtime there (about 31 MiB, the JDK xz-compressed: with the ~22 MiB working tree it stays under the device tool's 64 MiB)
#   scripts/gpu-verify.sh run    on the GPU machine (device tool: carry [".gpu"]): the GPU tests (every kernel
#                                 against its CPU twin on the real device, cuBLAS/cuSOLVER where they load, the
#                                 CUDA tensor backend), GEMM TFLOP/s at 4096^3 (ours vs cuBLAS), and PyTorch
#                                 (cuBLAS through torch, TF32 off/on, bf16; our 1024^3 result against torch and fp64)
# Results go to $OUT (the device tool's output folder) or .gpu/out.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
G=.gpu
N="${GEMM_N:-4096}"

pack() {
  local jdk="${JDK25:-$(ls -d /usr/lib/jvm/temurin-25* /usr/lib/jvm/*-25-* 2>/dev/null | head -1)}"
  [ -x "$jdk/bin/jlink" ] || { echo "gpu-verify pack: no JDK 25 with jlink found (set JDK25)"; exit 1; }
  rm -rf "$G"
  mkdir -p "$G/lib" "$G/mod"
  # main and test classes of kernels and tensor with their test classpath, and the benchmark's classes
  mvn -q -B -o test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/gpu-classpath.txt -pl tensor -am
  mvn -q -B -o compile -pl benchmarks -am
  for m in kernels tensor benchmarks; do
    mkdir -p "$G/mod/$m"
    cp -r "$m/target/classes" "$G/mod/$m/classes"
  done
  for m in kernels tensor; do
    cp -r "$m/target/test-classes" "$G/mod/$m/test-classes"
    tr ':' '\n' < "$m/target/gpu-classpath.txt" | grep '\.jar$' | grep -v '/org/peft4j/' >> "$G/jars.txt" || true
  done
  sort -u "$G/jars.txt" | while read -r j; do cp "$j" "$G/lib/"; done
  rm "$G/jars.txt"
  # JCuda's PTX-compiler binding (24 MB) is never loaded: drop it to stay under the device tool's carry limit
  for j in "$G"/lib/jcuda-natives-*.jar; do zip -q -d "$j" 'lib/libJNvPTXCompiler*' 'lib/libJNvrtc*' || true; done
  mvn -q -B dependency:copy -Dartifact=org.junit.platform:junit-platform-console-standalone:1.14.4 -DoutputDirectory="$G" -Dmdep.stripVersion=true
  "$jdk/bin/jlink" --add-modules java.base,java.logging,java.management,jdk.incubator.vector,jdk.unsupported \
    --strip-debug --no-man-pages --no-header-files --compress=zip-9 --output "$G/jdk"
  # xz halves the runtime (libjvm.so is most of it); run unpacks it
  (cd "$G" && XZ_OPT="-T0" tar -cJf jdk.tar.xz jdk && rm -rf jdk)
  echo "gpu-verify pack: $(du -sh "$G" | cut -f1) in $G; now run on the GPU machine: bash scripts/gpu-verify.sh run (carry [\".gpu\"])"
}

classpath() {
  local cp=""
  for j in "$G"/lib/*.jar; do cp="$cp:$j"; done
  for d in "$G"/mod/*/classes "$G"/mod/*/test-classes; do cp="$cp:$d"; done
  echo "${cp#:}"
}

run() {
  [ -f "$G/jdk.tar.xz" ] || { echo "gpu-verify run: $G/jdk.tar.xz missing: run 'scripts/gpu-verify.sh pack' first and carry .gpu"; exit 1; }
  local out="${OUT:-$root/$G/out}" tmp
  tmp="$(mktemp -d)"
  mkdir -p "$out"
  tar -xJf "$G/jdk.tar.xz" -C "$tmp"
  local java=("$tmp/jdk/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx16g)
  local cp
  cp="$(classpath)"
  { nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv || echo "nvidia-smi failed"; } 2>&1 | tee "$out/gpu.txt"
  echo "== GPU tests (kernels against their CPU twins on the device; CUDA tensor backend)" | tee "$out/tests.txt"
  set +e
  "${java[@]}" -jar "$G/junit-platform-console-standalone.jar" execute --class-path "$cp" \
    --select-package org.peft4j.kernels.cuda --select-package org.peft4j.tensor.cuda --details=tree --disable-banner 2>&1 | tee -a "$out/tests.txt"
  local tests=${PIPESTATUS[0]}
  echo "== GEMM ${N}^3: PTX vs cuBLAS (JCublas) and the bf16-weight GEMM" | tee "$out/gemm.txt"
  "${java[@]}" -cp "$cp" org.peft4j.benchmarks.GpuGemmBenchmark "$N" "$tmp/dump" 2>&1 | tee -a "$out/gemm.txt"
  local gemm=${PIPESTATUS[0]}
  echo "== PyTorch on the same card" | tee "$out/torch.txt"
  python3 scripts/gpu_torch_compare.py "$N" "$tmp/dump" 2>&1 | tee -a "$out/torch.txt"
  local torch=${PIPESTATUS[0]}
  set -e
  rm -rf "$tmp"
  echo "gpu-verify run: tests exit $tests, gemm exit $gemm, torch exit $torch; logs in $out" | tee "$out/summary.txt"
  [ "$tests" = 0 ] && [ "$gemm" = 0 ] && [ "$torch" = 0 ]
}

case "${1:-}" in
  pack) pack ;;
  run) run ;;
  *) echo "usage: scripts/gpu-verify.sh pack|run"; exit 2 ;;
esac
