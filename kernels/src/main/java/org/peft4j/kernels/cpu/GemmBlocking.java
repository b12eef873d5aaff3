package org.peft4j.kernels.cpu;

/**
 * Cache blocking of the GEMM loops (BLIS naming), for the micro-kernel's mr x nr tile:
 * <ul>
 *   <li>KC, the depth of one packed panel: as deep as possible, because C is read and written once per panel and
 *       those updates are the cost that remains once packing and the micro-kernel are fast. A K larger than KC
 *       is cut into equal panels (K = 1024 -> 2 x 512, not 768 + 256) so no pass is mostly overhead. The mr x kc
 *       A sliver (12 x 768 floats = 36 KiB) is reused from L1/L2 across the whole B panel.</li>
 *   <li>MC, rows of A packed at once: the mc x kc block (168 x 768 floats = 504 KiB) stays in L2.</li>
 *   <li>NC, columns of B packed at once: the kc x nc panel is shared by all threads and streams from L3.</li>
 * </ul>
 * Defaults are the best measured on the reference machine (Zen 4: 32 KiB L1d, 1 MiB L2 per core, 32 MiB L3);
 * {@code -Dpeft4j.gemm.kc/mc/nc} override them for experiments.
 */
record GemmBlocking(int mr, int nr, int kc, int mc, int nc) {
    static GemmBlocking forKernel(MicroKernel kernel) {
        int mr = kernel.mr(), nr = kernel.nr();
        int kc = intProperty("peft4j.gemm.kc", 768);
        int mc = roundDown(intProperty("peft4j.gemm.mc", 168), mr);
        int nc = roundDown(intProperty("peft4j.gemm.nc", 4096), nr);
        return new GemmBlocking(mr, nr, kc, mc, nc);
    }

    /** The panel depth for a product of depth k: k cut into the fewest panels of at most kc, of equal size. */
    int depthStep(int k) {
        int panels = (k + kc - 1) / kc;
        return (k + panels - 1) / panels;
    }

    private static int roundDown(int v, int multiple) { return Math.max(multiple, v / multiple * multiple); }

    private static int intProperty(String name, int fallback) {
        String v = System.getProperty(name);
        if (v == null) return fallback;
        int parsed;
        try {
            parsed = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            parsed = 0;
        }
        if (parsed < 1) throw new IllegalArgumentException("system property " + name + " must be a positive integer, got '" + v + "'");
        return parsed;
    }
}
