package org.peft4j.kernels.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** Merges a micro-kernel's scratch tile into C: C = alpha * tile + beta * C on the valid rows x cols corner. */
final class TileWriter {
    private static final VectorSpecies<Float> S = MicroKernel.SPECIES;

    private TileWriter() {}

    /** beta == 0 overwrites C without reading it (BLAS convention: C may hold NaN). */
    static void write(float[] tile, int nr, int rows, int cols, float[] c, int cOffset, int ldc, float alpha, float beta) {
        int vectorCols = cols - cols % S.length();
        for (int i = 0; i < rows; i++) {
            int t = i * nr, ci = cOffset + i * ldc, j = 0;
            for (; j < vectorCols; j += S.length()) {
                FloatVector r = FloatVector.fromArray(S, tile, t + j);
                if (alpha != 1f) r = r.mul(alpha);
                if (beta == 1f) r = r.add(FloatVector.fromArray(S, c, ci + j));
                else if (beta != 0f) r = FloatVector.fromArray(S, c, ci + j).mul(beta).add(r);
                r.intoArray(c, ci + j);
            }
            for (; j < cols; j++) {
                float v = alpha * tile[t + j];
                c[ci + j] = beta == 0f ? v : v + beta * c[ci + j];
            }
        }
    }
}
