package org.peft4j.kernels.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The innermost GEMM step: an mr x nr tile of C updated with the product of a packed mr x kc sliver of A and a
 * packed kc x nr sliver of B, C_tile = alpha * (A_sliver * B_sliver) + beta * C_tile.
 *
 * <p>Packed layouts (written by {@link GemmPacking}): A sliver element (i, p) at {@code a[aOffset + p*mr + i]},
 * B sliver element (p, j) at {@code b[bOffset + p*nr + j]}, so both are read strictly sequentially. C is row-major
 * with leading dimension ldc and must hold the full tile; partial tiles go through a scratch tile (see the driver).
 */
interface MicroKernel {
    VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    int mr();

    int nr();

    void run(int kc, float[] a, int aOffset, float[] b, int bOffset, float[] c, int cOffset, int ldc, float alpha, float beta);

    /** The tile shape for this machine's vectors: 14 x 2 vectors with 32 registers (AVX-512), else 6 x 2 vectors. */
    static MicroKernel forThisMachine() {
        return SPECIES.length() >= 16 ? new MicroKernel14x2() : new MicroKernel6x2();
    }

    /** c[i..i+L) = alpha*acc + beta*c[i..i+L), not reading C when beta == 0 (BLAS convention). */
    static void update(FloatVector acc, float[] c, int index, float alpha, float beta) {
        FloatVector r = alpha == 1f ? acc : acc.mul(alpha);
        if (beta == 1f) r = r.add(FloatVector.fromArray(SPECIES, c, index));
        else if (beta != 0f) r = FloatVector.fromArray(SPECIES, c, index).mul(beta).add(r);
        r.intoArray(c, index);
    }
}
