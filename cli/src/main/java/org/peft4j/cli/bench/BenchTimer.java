package org.peft4j.cli.bench;

import java.util.Arrays;

/**
 * The timing method every `peft4j bench` subcommand shares, matching the peer scripts in ../shared/bench: run the
 * operation back to back until a time budget is spent (and at least a minimum number of times), then report the
 * best and the median run. Best-of-N is what the README compares, because these shared machines are noisy.
 *
 * <p>Unlike the Python peers, a JVM needs its JIT to compile the hot loops first; the warm-up runs (not timed) are
 * that compilation, the steady state being what a long fine-tuning run sees.
 */
public final class BenchTimer {
    private BenchTimer() {}

    /** Seconds per run: fastest and median, and how many runs were timed. */
    public record Result(int runs, double bestSeconds, double medianSeconds) {
        /** Throughput of the best run for an operation of `work` units (e.g. flops). */
        public double bestRate(double work) { return work / bestSeconds; }

        public double medianRate(double work) { return work / medianSeconds; }
    }

    /**
     * Warms up for warmupSeconds (at least minWarmupRuns runs), then times runs until `seconds` have passed and at
     * least minRuns runs were timed.
     */
    public static Result measure(Runnable op, double seconds, double warmupSeconds, int minWarmupRuns, int minRuns) {
        if (seconds < 0 || warmupSeconds < 0 || minRuns < 1)
            throw new IllegalArgumentException("measure: seconds " + seconds + " and warm-up " + warmupSeconds
                    + " must be non-negative and minRuns " + minRuns + " positive");
        long warmEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
        for (int i = 0; i < minWarmupRuns || System.nanoTime() < warmEnd; i++) op.run();
        double[] times = new double[16];
        int n = 0;
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (n < minRuns || System.nanoTime() < end) {
            long t0 = System.nanoTime();
            op.run();
            long t1 = System.nanoTime();
            if (n == times.length) times = Arrays.copyOf(times, 2 * n);
            times[n++] = (t1 - t0) / 1e9;
        }
        double[] sorted = Arrays.copyOf(times, n);
        Arrays.sort(sorted);
        return new Result(n, sorted[0], sorted[n / 2]);
    }

    /** Rounded to two decimals, as the peer scripts print their figures. */
    public static double round2(double v) { return Math.round(v * 100.0) / 100.0; }
}
