#!/usr/bin/env bash
# Compiles every kernel source here to PTX in OUTDIR and writes OUTDIR/sources.sha256 (the hashes of the
# sources it was built from, checked by PtxFilesTest so stale committed PTX is caught without nvcc).
#   kernels/src/main/cuda/build-ptx.sh kernels/src/main/resources/org/peft4j/kernels/cuda/ptx   # refresh the committed PTX
# Maven runs it into target/classes when nvcc exists (profile ptx-nvcc); without nvcc it exits 0 and the
# committed PTX is used. compute_80 PTX is JIT-compiled by the driver for sm_80 and newer (A100, H100, H200).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:?usage: build-ptx.sh OUTDIR}"
nvcc="${NVCC:-$(command -v nvcc || true)}"
[ -z "$nvcc" ] && [ -x /usr/local/cuda/bin/nvcc ] && nvcc=/usr/local/cuda/bin/nvcc
if [ -z "$nvcc" ]; then
  echo "build-ptx: no nvcc found; keeping the committed PTX"
  exit 0
fi
mkdir -p "$out"
pids=()
for src in "$here"/*.cu; do
  name="$(basename "$src" .cu)"
  "$nvcc" -ptx -arch=compute_80 -O3 -std=c++17 -I"$here" -o "$out/$name.ptx" "$src" &
  pids+=($!)
done
for p in "${pids[@]}"; do wait "$p"; done
(cd "$here" && sha256sum common.cuh *.cu) > "$out/sources.sha256"
echo "build-ptx: $(ls "$out"/*.ptx | wc -l) PTX files in $out ($("$nvcc" --version | tail -1))"
