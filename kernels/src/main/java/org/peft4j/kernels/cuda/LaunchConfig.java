package org.peft4j.kernels.cuda;

/** Grid and block dimensions and dynamic shared memory of one launch. */
public record LaunchConfig(int gridX, int gridY, int gridZ, int blockX, int blockY, int blockZ, int sharedBytes) {
    /** The grid-stride kernels need no more blocks than this to fill an H100 several times over. */
    public static final int MAX_LINEAR_BLOCKS = 65535;

    public LaunchConfig {
        if (gridX < 1 || gridY < 1 || gridZ < 1 || blockX < 1 || blockY < 1 || blockZ < 1)
            throw new IllegalArgumentException("launch dims must be positive: grid " + gridX + "x" + gridY + "x" + gridZ + " block " + blockX + "x" + blockY + "x" + blockZ);
        if ((long) blockX * blockY * blockZ > 1024)
            throw new IllegalArgumentException("a block holds at most 1024 threads, asked " + blockX + "x" + blockY + "x" + blockZ);
        if (gridY > 65535 || gridZ > 65535)
            throw new IllegalArgumentException("grid y and z are limited to 65535, asked " + gridY + ", " + gridZ);
    }

    /** A 1-D grid covering n elements with grid-stride loops (at least one block, at most MAX_LINEAR_BLOCKS). */
    public static LaunchConfig linear(long n, int block) {
        long blocks = Math.max(1, Math.min(MAX_LINEAR_BLOCKS, (n + block - 1) / block));
        return new LaunchConfig((int) blocks, 1, 1, block, 1, 1, 0);
    }

    /** One block per row (row loops cover the rest when rows exceed the grid limit). */
    public static LaunchConfig perRow(int rows, int block) {
        return new LaunchConfig(Math.max(1, Math.min(MAX_LINEAR_BLOCKS, rows)), 1, 1, block, 1, 1, 0);
    }
}
