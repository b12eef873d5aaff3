package org.peft4j.cli.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * The timing method every `peft4j bench` subcommand shares, matching the peer scripts in ../shared/bench: run the
 * operation back to back until a time budget is spent (and at least a minimum number of times), then report the
 * best and the median run. Best-of-N is what the README compares, because these shared machines are noisy.
 *
 * <p>Unlike the Python peers, a JVM needs its JIT to compile the hot loops first, and Vector API code runs several
 * hundred times slower before C2 has compiled it; on a busy machine that can take many seconds. So the untimed
 * warm-up lasts until the JIT's compile queue is empty (see {@link JitActivity}) and the latest run is within 1.5x
 * of the fastest, not a fixed count: the steady state is what a long fine-tuning run sees.
 */
public final class BenchTimer {
    private BenchTimer() {}

    /**
     * Seconds per run: fastest and median wall time, and how many runs were timed; also the fastest run in CPU
     * time of the calling thread, which on a shared machine excludes the time the thread was not scheduled
     * (meaningful when all the work runs on the calling thread, i.e. one kernel thread).
     */
    public record Result(int runs, double bestSeconds, double medianSeconds, double bestCpuSeconds) {
        /** Throughput of the best run for an operation of `work` units (e.g. flops). */
        public double bestRate(double work) { return work / bestSeconds; }

        public double medianRate(double work) { return work / medianSeconds; }
    }

    /** Upper bound on the warm-up, in case an operation never settles (it is then timed as it is). */
    private static final double MAX_WARMUP_SECONDS = 60;

    /**
     * Warms up for at least warmupSeconds and minWarmupRuns runs and until the run time has settled, then times runs
     * until `seconds` have passed and at least minRuns runs were timed.
     */
    public static Result measure(Runnable op, double seconds, double warmupSeconds, int minWarmupRuns, int minRuns) {
        if (seconds < 0 || warmupSeconds < 0 || minRuns < 1)
            throw new IllegalArgumentException("measure: seconds " + seconds + " and warm-up " + warmupSeconds
                    + " must be non-negative and minRuns " + minRuns + " positive");
        long start = System.nanoTime();
        long warmEnd = start + (long) (warmupSeconds * 1e9), giveUp = start + (long) (MAX_WARMUP_SECONDS * 1e9);
        long fastest = Long.MAX_VALUE, last = Long.MAX_VALUE;
        for (int i = 0; ; i++) {
            long now = System.nanoTime();
            // warmupSeconds == 0 asks for no warm-up beyond minWarmupRuns (tests, quick looks)
            boolean settled = i >= minWarmupRuns
                    && (warmupSeconds == 0 || (now >= warmEnd && last <= 1.5 * fastest && JitActivity.idle()));
            if (settled || (i >= minWarmupRuns && now >= giveUp)) break;
            long t0 = System.nanoTime();
            op.run();
            last = System.nanoTime() - t0;
            fastest = Math.min(fastest, last);
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        boolean cpuClock = mx.isCurrentThreadCpuTimeSupported();
        double[] times = new double[16];
        double bestCpu = Double.POSITIVE_INFINITY;
        int n = 0;
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (n < minRuns || System.nanoTime() < end) {
            long c0 = cpuClock ? mx.getCurrentThreadCpuTime() : 0;
            long t0 = System.nanoTime();
            op.run();
            long t1 = System.nanoTime();
            long c1 = cpuClock ? mx.getCurrentThreadCpuTime() : 0;
            if (n == times.length) times = Arrays.copyOf(times, 2 * n);
            times[n++] = (t1 - t0) / 1e9;
            if (cpuClock && c1 > c0) bestCpu = Math.min(bestCpu, (c1 - c0) / 1e9);
        }
        double[] sorted = Arrays.copyOf(times, n);
        Arrays.sort(sorted);
        return new Result(n, sorted[0], sorted[n / 2], cpuClock ? bestCpu : Double.NaN);
    }

    /** Rounded to one decimal, as the peer scripts print milliseconds. */
    public static double round1(double v) { return Math.round(v * 10.0) / 10.0; }

    /** Rounded to two decimals, as the peer scripts print their figures. */
    public static double round2(double v) { return Math.round(v * 100.0) / 100.0; }
}
