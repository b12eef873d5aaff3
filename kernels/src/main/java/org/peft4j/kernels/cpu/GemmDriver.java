package org.peft4j.kernels.cpu;

/**
 * The BLIS loop nest around the micro-kernel, for already validated arguments:
 *
 * <pre>
 * for jc in N step NC              B panel kc x nc (L3), packed once per (jc, pc) by all threads together
 *   for pc in K step KC
 *     for ic in M step MC          A block mc x kc (L2), packed by the thread that uses it
 *       for ir in mc step MR       A sliver mr x kc stays in L1 ...
 *         for jr in nc step NR     ... while the B panel streams past it through the micro-kernel
 * </pre>
 *
 * The innermost loop runs along a row strip of C, so the tile updates walk C forward in memory, which the hardware
 * prefetchers follow; walking down a column strip instead (the other classic order) costs 10-20% on the C updates
 * of a matrix that does not fit in cache (measured, see docs/GEMM.md). KC is as deep as the cache allows so C is
 * read and written as few times as possible.
 *
 * <p>Parallelism: after the shared B panel is packed, the rows (and, when there are too few row slivers for the
 * threads, also the columns) are cut into a few pieces per thread and run on {@link KernelPool}, where idle threads
 * steal pieces from busy ones.
 */
final class GemmDriver {
    static final MicroKernel KERNEL = MicroKernel.forThisMachine();
    static final GemmBlocking BLOCKING = GemmBlocking.forKernel(KERNEL);
    /** Pieces per thread in a parallel section: enough for work stealing to even out a preempted thread. */
    private static final int PIECES_PER_THREAD = 4;

    // A blocks are used only inside Block.compute, which never waits on other tasks, so one per thread is safe.
    private static final ThreadLocal<float[]> A_BUFFER = ThreadLocal.withInitial(() -> new float[0]);
    // B panels live across parallel sections, during which the calling thread may run unrelated tasks.
    private static final ScratchBuffers B_PANELS = new ScratchBuffers();

    private GemmDriver() {}

    static void gemm(boolean transA, int m, int n, int k, float alpha, float[] a, int aOffset, int lda,
                     BOperand b, float beta, float[] c, int cOffset, int ldc, boolean parallel) {
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0f) {
            scale(m, n, beta, c, cOffset, ldc);
            return;
        }
        if (SmallGemm.suits(m, b)) {
            SmallGemm.gemm(transA, m, n, k, alpha, a, aOffset, lda, b, beta, c, cOffset, ldc, parallel);
            return;
        }
        GemmBlocking g = BLOCKING;
        int threads = parallel ? KernelPool.threads() : 1;
        int kcStep = g.depthStep(k);
        float[] bPanel = B_PANELS.acquire(kcStep * roundUp(Math.min(n, g.nc()), g.nr()));
        try {
            for (int jc = 0; jc < n; jc += g.nc()) {
                int nc = Math.min(g.nc(), n - jc);
                for (int pc = 0; pc < k; pc += kcStep) {
                    int kc = Math.min(kcStep, k - pc);
                    float betaNow = pc == 0 ? beta : 1f; // later depth panels accumulate onto the first one's result
                    packB(b, pc, kc, jc, nc, bPanel, threads);
                    new Block(transA, a, aOffset, lda, pc, kc, jc, nc, bPanel, alpha, betaNow, c, cOffset, ldc).run(m, threads);
                }
            }
        } finally {
            B_PANELS.release(bPanel);
        }
    }

    private static void packB(BOperand b, int pc, int kc, int jc, int nc, float[] bPanel, int threads) {
        int nr = BLOCKING.nr(), slivers = ceilDiv(nc, nr);
        int parts = b.readableFromAnyThread() ? Math.min(threads == 1 ? 1 : PIECES_PER_THREAD * threads, slivers) : 1;
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

        /** All m rows against the whole panel, cut into pieces for the threads. */
        void run(int m, int threads) {
            int mr = BLOCKING.mr(), rowSlivers = ceilDiv(m, mr), slivers = ceilDiv(nc, BLOCKING.nr());
            int pieces = threads == 1 ? 1 : PIECES_PER_THREAD * threads;
            int rowParts = Math.min(pieces, rowSlivers);
            int colParts = Math.min(slivers, ceilDiv(pieces, rowParts));
            if (rowParts * colParts == 1) {
                compute(0, m, 0, slivers);
                return;
            }
            KernelPool.parallelFor(rowParts * colParts, t -> {
                int r = t / colParts, q = t % colParts;
                int rowFrom = split(rowSlivers, rowParts, r) * mr, rowTo = Math.min(m, split(rowSlivers, rowParts, r + 1) * mr);
                compute(rowFrom, rowTo, split(slivers, colParts, q), split(slivers, colParts, q + 1));
            });
        }

        /** Rows [rowFrom, rowTo) of C against B slivers [sliverFrom, sliverTo) of the panel. */
        void compute(int rowFrom, int rowTo, int sliverFrom, int sliverTo) {
            GemmBlocking g = BLOCKING;
            int mr = g.mr(), nr = g.nr();
            float[] aBlock = buffer(A_BUFFER, Math.min(g.mc(), roundUp(rowTo - rowFrom, mr)) * kc);
            float[] tile = new float[mr * nr];
            for (int ic = rowFrom; ic < rowTo; ic += g.mc()) {
                int mc = Math.min(g.mc(), rowTo - ic);
                APacker.pack(transA, a, aOffset, lda, ic, mc, pc, kc, mr, aBlock);
                for (int ir = 0; ir < mc; ir += mr) {
                    int rows = Math.min(mr, mc - ir), cRow = cOffset + (ic + ir) * ldc;
                    for (int s = sliverFrom; s < sliverTo; s++) {
                        int col = jc + s * nr;
                        // sliver ir/mr of the A block starts at (ir/mr) * mr * kc = ir * kc
                        KERNEL.run(kc, aBlock, ir * kc, bPanel, s * nr * kc, tile);
                        TileWriter.write(tile, nr, rows, Math.min(nr, jc + nc - col), c, cRow + col, ldc, alpha, beta);
                    }
                }
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
