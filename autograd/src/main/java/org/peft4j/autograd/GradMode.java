package org.peft4j.autograd;

/**
 * Per-thread switches of the autograd engine: whether ops are recorded (grad mode) and whether backward checks
 * every gradient for NaN (anomaly mode). Both are changed only through try-with-resources scopes, so they are
 * always restored, even when the body throws:
 * <pre>{@code
 * try (var g = GradMode.noGrad()) { logits = model.forward(x); }   // inference: nothing recorded
 * }</pre>
 * Per thread because several trainers (e.g. federated clients in one JVM) must not switch each other's mode.
 */
public final class GradMode {
    private static final ThreadLocal<boolean[]> GRAD = ThreadLocal.withInitial(() -> new boolean[]{true});
    private static final ThreadLocal<boolean[]> ANOMALY = ThreadLocal.withInitial(() -> new boolean[]{false});

    private GradMode() {}

    /** Whether ops executed on this thread are recorded for backward. */
    public static boolean isEnabled() { return GRAD.get()[0]; }

    /** Whether backward on this thread checks each op's input gradients for NaN/Inf and names the culprit. */
    public static boolean isAnomalyDetectionEnabled() { return ANOMALY.get()[0]; }

    /** Turns recording off on this thread until the scope closes. */
    public static Scope noGrad() { return new Scope(GRAD.get(), false); }

    /** Turns recording on (e.g. inside a noGrad region) until the scope closes. */
    public static Scope enableGrad() { return new Scope(GRAD.get(), true); }

    /**
     * Turns anomaly detection on until the scope closes: ops record where they were created, and backward throws
     * {@link AnomalyException} naming the first op whose backward produced a NaN or infinite gradient.
     */
    public static Scope detectAnomaly() { return new Scope(ANOMALY.get(), true); }

    /** Restores the previous setting of one switch when closed; closing twice is harmless. */
    public static final class Scope implements AutoCloseable {
        private final boolean[] flag;
        private final boolean previous;
        private final Thread owner = Thread.currentThread();
        private boolean closed;

        private Scope(boolean[] flag, boolean value) {
            this.flag = flag;
            this.previous = flag[0];
            flag[0] = value;
        }

        @Override
        public void close() {
            if (closed) return;
            if (Thread.currentThread() != owner)
                throw new IllegalStateException("GradMode scope opened on thread " + owner.getName()
                        + " closed on thread " + Thread.currentThread().getName() + "; grad mode is per thread");
            closed = true;
            flag[0] = previous;
        }
    }
}
