package org.peft4j.kernels.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The innermost GEMM step: the mr x nr product of a packed mr x kc sliver of A and a packed kc x nr sliver of B,
 * accumulated in registers and stored to a row-major scratch tile ({@code tile[i*nr + j]}); {@link TileWriter}
 * then merges it into C with alpha and beta. Keeping C out of the kernel keeps the kernel small enough for the JIT
 * to compile it whole (an out-of-line C update would box every accumulator) and lets edge tiles share the code.
 *
 * <p>Packed layouts (written by {@link APacker} and {@link BOperand}): A sliver element (i, p) at
 * {@code a[aOffset + p*mr + i]}, B sliver element (p, j) at {@code b[bOffset + p*nr + j]}, both read strictly
 * forward.
 */
interface MicroKernel {
    VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    int mr();

    int nr();

    void run(int kc, float[] a, int aOffset, float[] b, int bOffset, float[] tile);

    /**
     * The tile shape for this machine's vectors: 12 x 2 vectors with 32 registers (AVX-512), else 6 x 2 vectors.
     * {@code -Dpeft4j.gemm.kernel=12x2|14x2|6x2|1x1} overrides the choice (for measuring, see docs/GEMM.md).
     */
    static MicroKernel forThisMachine() {
        String forced = System.getProperty("peft4j.gemm.kernel");
        if (forced == null) return SPECIES.length() >= 16 ? new MicroKernel12x2() : new MicroKernel6x2();
        return switch (forced) {
            case "14x2" -> new MicroKernel14x2();
            case "6x2" -> new MicroKernel6x2();
            case "12x2" -> new MicroKernel12x2();
            case "1x1" -> new MicroKernel1x1();
            default -> throw new IllegalArgumentException("system property peft4j.gemm.kernel must be 12x2, 14x2, 6x2 or 1x1, got '" + forced + "'");
        };
    }
}
