package org.peft4j.kernels.cpu;

/**
 * The BLIS loop nest around the micro-kernel, for already validated arguments:
 *
 * <pre>
 * for jc in N step NC            B panel kc x nc (L3), packed once per (jc, pc) by all threads together
 *   for pc in K step KC
 *     for ic in M step MC        A block mc x kc (L2), packed by the thread that uses it
 *       for jr in nc step NR     B sliver kc x nr stays in L1 ...
 *         for ir in mc step MR   ... while A slivers stream past it through the micro-kernel
 * </pre>
 *
 * Parallelism: after the shared B panel is packed, the (ic, jr) space is cut into one piece per thread
 * (rows first; columns too when there are too few row slivers) and run on {@link KernelPool}.
 */
final class GemmDriver {
    static final MicroKernel KERNEL = MicroKernel.forThisMachine();
    static final GemmBlocking BLOCKING = GemmBlocking.forKernel(KERNEL);

    // A blocks are used only inside Block.compute, which never waits on other tasks, so one per thread is safe.
    private static final ThreadLocal<float[]> A_BUFFER = ThreadLocal.withInitial(() -> new float[0]);
    // B panels live across parallel sections, during which the calling thread may run unrelated tasks.
    private static final ScratchBuffers B_PANELS = new ScratchBuffers();

    private GemmDriver() {}

    static void gemm(boolean transA, int m, int n, int k, float alpha, float[] a, int aOffset, int lda,
                     BPacker b, float beta, float[] c, int cOffset, int ldc, boolean parallel) {
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0f) {
            scale(m, n, beta, c, cOffset, ldc);
            return;
        }
        GemmBlocking g = BLOCKING;
        int threads = parallel ? KernelPool.threads() : 1;
        float[] bPanel = B_PANELS.acquire(g.kc() * roundUp(Math.min(n, g.nc()), g.nr()));
        try {
            loops(transA, m, n, k, alpha, a, aOffset, lda, b, beta, c, cOffset, ldc, threads, bPanel);
        } finally {
            B_PANELS.release(bPanel);
        }
    }

    private static void loops(boolean transA, int m, int n, int k, float alpha, float[] a, int aOffset, int lda,
                              BPacker b, float beta, float[] c, int cOffset, int ldc, int threads, float[] bPanel) {
        GemmBlocking g = BLOCKING;
        for (int jc = 0; jc < n; jc += g.nc()) {
            int nc = Math.min(g.nc(), n - jc);
            int slivers = ceilDiv(nc, g.nr());
            for (int pc = 0; pc < k; pc += g.kc()) {
                int kc = Math.min(g.kc(), k - pc);
                float betaNow = pc == 0 ? beta : 1f; // later depth panels accumulate onto the first one's result
                packB(b, pc, kc, jc, nc, slivers, bPanel, threads);
                Block block = new Block(transA, a, aOffset, lda, pc, kc, jc, nc, bPanel, alpha, betaNow, c, cOffset, ldc);
                int rowSlivers = ceilDiv(m, g.mr());
                int rowParts = Math.min(threads, rowSlivers);
                int colParts = Math.min(slivers, ceilDiv(threads, rowParts));
                if (rowParts * colParts == 1) {
                    block.compute(0, m, 0, slivers);
                } else {
                    KernelPool.parallelFor(rowParts * colParts, t -> {
                        int r = t / colParts, q = t % colParts;
                        int rowFrom = split(rowSlivers, rowParts, r) * g.mr(), rowTo = Math.min(m, split(rowSlivers, rowParts, r + 1) * g.mr());
                        block.compute(rowFrom, rowTo, split(slivers, colParts, q), split(slivers, colParts, q + 1));
                    });
                }
            }
        }
    }

    private static void packB(BPacker b, int pc, int kc, int jc, int nc, int slivers, float[] bPanel, int threads) {
        int nr = BLOCKING.nr();
        int parts = b.readableFromAnyThread() ? Math.min(threads, slivers) : 1;
        if (parts <= 1) {
            b.pack(pc, kc, jc, nc, nr, bPanel, 0);
            return;
        }
        KernelPool.parallelFor(parts, t -> {
            int from = split(slivers, parts, t), to = split(slivers, parts, t + 1);
            int cols = Math.min(nc, to * nr) - from * nr;
            if (cols > 0) b.pack(pc, kc, jc + from * nr, cols, nr, bPanel, from * nr * kc);
        });
    }

    /** One (jc, pc) step: a packed B panel and what is needed to pack A blocks against it and update C. */
    private record Block(boolean transA, float[] a, int aOffset, int lda, int pc, int kc, int jc, int nc,
                         float[] bPanel, float alpha, float beta, float[] c, int cOffset, int ldc) {

        /** Rows [rowFrom, rowTo) of C against B slivers [sliverFrom, sliverTo) of the panel. */
        void compute(int rowFrom, int rowTo, int sliverFrom, int sliverTo) {
            GemmBlocking g = BLOCKING;
            int mr = g.mr(), nr = g.nr();
            float[] aBlock = buffer(A_BUFFER, g.mc() * kc);
            float[] tile = null;
            for (int ic = rowFrom; ic < rowTo; ic += g.mc()) {
                int mc = Math.min(g.mc(), rowTo - ic);
                APacker.pack(transA, a, aOffset, lda, ic, mc, pc, kc, mr, aBlock);
                for (int s = sliverFrom; s < sliverTo; s++) {
                    int col = jc + s * nr, cols = Math.min(nr, jc + nc - col);
                    int bOffset = s * nr * kc;
                    for (int ir = 0; ir < mc; ir += mr) {
                        int rows = Math.min(mr, mc - ir);
                        int aOff = ir * kc; // sliver ir/mr starts at (ir/mr) * mr * kc
                        int cAt = cOffset + (ic + ir) * ldc + col;
                        if (rows == mr && cols == nr) {
                            KERNEL.run(kc, aBlock, aOff, bPanel, bOffset, c, cAt, ldc, alpha, beta);
                        } else {
                            // Partial tile: compute the full tile into scratch, write back only the valid part.
                            if (tile == null) tile = new float[mr * nr];
                            KERNEL.run(kc, aBlock, aOff, bPanel, bOffset, tile, 0, nr, 1f, 0f);
                            writeBack(tile, nr, rows, cols, c, cAt, ldc, alpha, beta);
                        }
                    }
                }
            }
        }
    }

    private static void writeBack(float[] tile, int nr, int rows, int cols, float[] c, int cAt, int ldc, float alpha, float beta) {
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                int ci = cAt + i * ldc + j;
                float v = alpha * tile[i * nr + j];
                c[ci] = beta == 0f ? v : v + beta * c[ci];
            }
        }
    }

    /** C = beta * C (k == 0 or alpha == 0); beta == 0 clears C without reading it. */
    static void scale(int m, int n, float beta, float[] c, int cOffset, int ldc) {
        if (beta == 1f) return;
        for (int i = 0; i < m; i++) {
            int row = cOffset + i * ldc;
            for (int j = 0; j < n; j++) c[row + j] = beta == 0f ? 0f : beta * c[row + j];
        }
    }

    private static float[] buffer(ThreadLocal<float[]> cache, int size) {
        float[] buf = cache.get();
        if (buf.length < size) {
            buf = new float[size];
            cache.set(buf);
        }
        return buf;
    }

    /** Start of part p when `total` items are cut into `parts` near-equal parts. */
    private static int split(int total, int parts, int p) { return (int) ((long) total * p / parts); }

    static int ceilDiv(int a, int b) { return (a + b - 1) / b; }

    static int roundUp(int a, int b) { return ceilDiv(a, b) * b; }
}
