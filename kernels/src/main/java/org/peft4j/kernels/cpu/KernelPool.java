package org.peft4j.kernels.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * The one ForkJoinPool that every CPU kernel runs its parallel work on, sized to the cores.
 *
 * <p>One shared pool (rather than a pool per kernel, or the common pool) keeps the number of busy threads
 * equal to the number of cores no matter how kernels nest or follow each other, and lets a benchmark or a
 * device planner pin the thread count in one place: {@code -Dpeft4j.threads=N} at start-up or
 * {@link #setThreads(int)} at run time.
 */
public final class KernelPool {
    private static volatile ForkJoinPool pool = newPool(defaultThreads());

    private KernelPool() {}

    private static int defaultThreads() {
        String prop = System.getProperty("peft4j.threads");
        if (prop == null || prop.isBlank()) return Runtime.getRuntime().availableProcessors();
        try {
            int n = Integer.parseInt(prop.trim());
            if (n >= 1) return n;
        } catch (NumberFormatException ignored) {
            // fall through to the error below
        }
        throw new IllegalArgumentException("system property peft4j.threads must be a positive integer, got '" + prop + "'");
    }

    /** Numbers worker threads for profiles (the pool index is not assigned yet when the factory runs). */
    private static final AtomicInteger WORKERS = new AtomicInteger();

    private static ForkJoinPool newPool(int threads) {
        return new ForkJoinPool(threads, p -> {
            var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            t.setName("peft4j-kernel-" + WORKERS.getAndIncrement());
            t.setDaemon(true);
            return t;
        }, null, false);
    }

    /** Number of threads kernels use. */
    public static int threads() { return pool.getParallelism(); }

    /** Replaces the pool by one with n threads (n >= 1); work already running finishes on the old pool. */
    public static synchronized void setThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("KernelPool.setThreads: thread count must be >= 1, got " + n);
        if (n == pool.getParallelism()) return;
        ForkJoinPool old = pool;
        pool = newPool(n);
        old.shutdown();
    }

    /** The shared pool itself, for kernels that build their own task trees. */
    public static ForkJoinPool pool() { return pool; }

    /**
     * Runs body(0) .. body(tasks-1), in parallel on the pool when there is more than one task and more than one
     * thread, inline otherwise. Returns when all have finished; the first exception thrown by a task is rethrown.
     * Safe to call from inside a pool task (the caller then helps run the subtasks).
     */
    public static void parallelFor(int tasks, IntConsumer body) {
        if (tasks < 0) throw new IllegalArgumentException("parallelFor: negative task count " + tasks);
        ForkJoinPool p = pool;
        if (tasks == 1 || (tasks > 1 && p.getParallelism() == 1)) {
            for (int t = 0; t < tasks; t++) body.accept(t);
            return;
        }
        if (tasks == 0) return;
        RangeTask root = new RangeTask(body, 0, tasks);
        if (ForkJoinTask.inForkJoinPool() && ForkJoinTask.getPool() == p) root.invoke();
        else p.invoke(root);
    }

    /** A piece [from, to) of a range split by {@link #forEachPiece}. */
    public interface Piece { void run(int from, int to); }

    /**
     * Runs body over [0, n) in pieces of a fixed size (the last may be shorter), in parallel on the pool when
     * there is more than one piece. Because the pieces do not depend on the thread count, a kernel whose result
     * for an element depends only on its own piece gives the same bits on any number of threads.
     */
    public static void forEachPiece(int n, int pieceSize, Piece body) {
        if (n < 0 || pieceSize < 1) throw new IllegalArgumentException("forEachPiece: need n >= 0 and pieceSize >= 1, got " + n + " and " + pieceSize);
        int pieces = (int) (((long) n + pieceSize - 1) / pieceSize);
        if (pieces <= 1) {
            if (n > 0) body.run(0, n);
            return;
        }
        parallelFor(pieces, t -> body.run(t * pieceSize, (int) Math.min(n, (long) (t + 1) * pieceSize)));
    }

    /** Floats of work per parallel piece of the memory-bound row kernels (softmax, norms): about 128 KiB of input. */
    public static final int PIECE_FLOATS = 1 << 15;

    /** Rows per piece for rows of rowLength floats: enough rows for {@link #PIECE_FLOATS} of work, at least one. */
    public static int rowsPerPiece(int rowLength) {
        return Math.max(1, PIECE_FLOATS / Math.max(1, rowLength));
    }

    /** Splits [from, to) in halves until single tasks remain, so idle threads can steal the larger halves. */
    private static final class RangeTask extends RecursiveAction {
        private final IntConsumer body;
        private final int from, to;

        RangeTask(IntConsumer body, int from, int to) {
            this.body = body;
            this.from = from;
            this.to = to;
        }

        @Override
        protected void compute() {
            if (to - from == 1) {
                body.accept(from);
                return;
            }
            int mid = (from + to) >>> 1;
            invokeAll(new RangeTask(body, from, mid), new RangeTask(body, mid, to));
        }
    }
}
