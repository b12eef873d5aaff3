package org.peft4j.kernels.cpu;

/**
 * Cache blocking of the GEMM loops (BLIS naming), chosen for the micro-kernel's tile:
 * <ul>
 *   <li>KC: depth of one packed panel. A kc x nr sliver of B is reused by every A sliver of a block, so it should
 *       sit in L1 (32-48 KiB per core on current x86): 256 x 32 floats = 32 KiB... tuned, see docs/GEMM.md.</li>
 *   <li>MC: rows of A packed at once; the mc x kc block streams from L2 (1-2 MiB per core) while B slivers stay
 *       in L1.</li>
 *   <li>NC: columns of B packed at once; the kc x nc panel is shared by all threads and lives in L3.</li>
 * </ul>
 */
record GemmBlocking(int mr, int nr, int kc, int mc, int nc) {
    static GemmBlocking forKernel(MicroKernel kernel) {
        int mr = kernel.mr(), nr = kernel.nr();
        int kc = intProperty("peft4j.gemm.kc", 256);
        int mc = roundDown(intProperty("peft4j.gemm.mc", 256), mr);
        int nc = roundDown(intProperty("peft4j.gemm.nc", 4096), nr);
        return new GemmBlocking(mr, nr, kc, mc, nc);
    }

    private static int roundDown(int v, int multiple) { return Math.max(multiple, v / multiple * multiple); }

    /** Tuning knob for experiments (-Dpeft4j.gemm.kc=...); defaults are the measured best on the reference machine. */
    private static int intProperty(String name, int fallback) {
        String v = System.getProperty(name);
        if (v == null) return fallback;
        int parsed = Integer.parseInt(v.trim());
        if (parsed < 1) throw new IllegalArgumentException("system property " + name + " must be >= 1, got " + v);
        return parsed;
    }
}
