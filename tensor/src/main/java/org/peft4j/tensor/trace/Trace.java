package org.peft4j.tensor.trace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.peft4j.tensor.Tensor;

/**
 * Op tracing: while a trace is running, every tensor op (the {@code Ops} and {@code Linalg} entry points, the
 * optimizer updates) is recorded with its name, the module path it ran under, its input and output shapes and
 * dtypes, its FLOPs and bytes, and its wall time.
 * <pre>{@code
 * try (Trace t = Trace.start()) {
 *     model.forward(input);
 *     t.close();                                   // or leave the block
 *     System.out.print(t.summary().table());       // per op type: count, time, GFLOP/s, share of the run
 *     System.out.print(t.tree());                  // per module, in execution order
 *     t.writeChromeTrace(Path.of("trace.json"));   // chrome://tracing or ui.perfetto.dev
 *     t.writeJsonLines(Path.of("ops.jsonl"));      // one op a line
 * }
 * }</pre>
 * <b>Cost when off.</b> The hot path of every op reads one static volatile boolean ({@link #begin()}) and compares
 * the result once more at the end; nothing is allocated. docs/PROFILING.md has the measurement.
 * <p>
 * <b>Hooks</b> for other modules: ops call {@link #begin()} then {@link #record}; the model tree calls
 * {@link #enterModuleLazily} when a parent fetches a child; autograd opens {@link #phase phase("backward")} and a
 * {@link #module module scope} per tape node, so backward ops carry the path of the forward op they differentiate.
 * <p>
 * One trace runs at a time in a JVM (it sees every thread's ops). Statistics per op type and per module are exact for
 * any length of run; the raw per-op records kept for JSON lines and the Chrome trace stop at a cap (see
 * {@link #droppedRecords()}).
 */
public final class Trace implements AutoCloseable {
    /** What {@link #begin()} returns when tracing is off. */
    public static final long OFF = Long.MIN_VALUE;
    public static final int DEFAULT_MAX_RECORDS = 200_000;

    private static volatile boolean enabled;
    private static volatile Trace active;
    private static final AtomicLong SESSIONS = new AtomicLong();

    private final long session;
    private final long startNanos;
    private final int maxRecords;
    private final Object lock = new Object();
    private final List<OpRecord> records = new ArrayList<>();
    private final Map<String, OpStats> byOp = new LinkedHashMap<>();
    private final Map<Site, OpStats> bySite = new LinkedHashMap<>();
    private long seq, dropped;
    private volatile long endNanos = -1;

    /** Where an op ran and with which operand shapes: the grouping of {@link #tree()}. */
    public record Site(String phase, String path, String op, String gradOf, String signature) {}

    private Trace(long session, int maxRecords) {
        this.session = session;
        this.maxRecords = maxRecords;
        this.startNanos = System.nanoTime();
    }

    /** Starts tracing every thread's ops; throws if a trace is already running. */
    public static Trace start() { return start(DEFAULT_MAX_RECORDS); }

    /** As {@link #start()}, keeping at most maxRecords raw op records (statistics stay exact beyond it). */
    public static synchronized Trace start(int maxRecords) {
        if (maxRecords < 0) throw new IllegalArgumentException("maxRecords must be >= 0, got " + maxRecords);
        if (active != null) throw new IllegalStateException("a trace is already running; close it before starting another");
        Trace t = new Trace(SESSIONS.incrementAndGet(), maxRecords);
        active = t;
        enabled = true;
        return t;
    }

    /** Stops this trace (idempotent); its results stay readable. */
    @Override
    public void close() {
        synchronized (Trace.class) {
            if (active == this) {
                enabled = false;
                active = null;
            }
            if (endNanos < 0) endNanos = System.nanoTime();
        }
    }

    // ============================================================================================ hot-path hooks

    /** Whether a trace is running: the one check the ops make. */
    public static boolean enabled() { return enabled; }

    /** The op's start time when tracing, else {@link #OFF}; pass it to {@link #record} after the op. */
    public static long begin() { return enabled ? System.nanoTime() : OFF; }

    /** Records a finished op with one output (call only when {@code t0 != OFF}). Null inputs are skipped. */
    public static void record(long t0, String op, long flops, Tensor output, Tensor... inputs) {
        long t1 = System.nanoTime();
        Trace t = active;
        if (t != null && t0 != OFF) t.add(t0, t1, op, null, flops, -1, infos(inputs), List.of(TensorInfo.of(output)));
    }

    /** Records a finished op with several outputs (a result and the statistics it saves, say). */
    public static void record(long t0, String op, long flops, Tensor[] outputs, Tensor... inputs) {
        long t1 = System.nanoTime();
        Trace t = active;
        if (t != null && t0 != OFF) t.add(t0, t1, op, null, flops, -1, infos(inputs), infos(outputs));
    }

    /** As {@link #record(long, String, long, Tensor, Tensor...)} with the bytes moved given (a gather reads only some rows). */
    public static void recordBytes(long t0, String op, long flops, long bytes, Tensor output, Tensor... inputs) {
        long t1 = System.nanoTime();
        Trace t = active;
        if (t != null && t0 != OFF) t.add(t0, t1, op, null, flops, bytes, infos(inputs), List.of(TensorInfo.of(output)));
    }

    /** Records work that is not a Tensor op (an optimizer update over raw arrays) under an explicit module path. */
    public static void recordAt(long t0, String op, String path, long flops, List<TensorInfo> inputs, List<TensorInfo> outputs) {
        long t1 = System.nanoTime();
        Trace t = active;
        if (t != null && t0 != OFF) t.add(t0, t1, op, path, flops, -1, inputs, outputs);
    }

    /** An open scope; closing it twice is harmless. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    private static final Scope NOOP = () -> {};

    /** Ops until close() are tagged with this phase ("backward", "optimizer", "eval"). A no-op when not tracing. */
    public static Scope phase(String name) {
        Trace t = active;
        if (t == null) return NOOP;
        ModuleScopes s = ModuleScopes.of(t.session);
        s.pushPhase(name);
        return () -> s.popPhase(name);
    }

    /** Ops until close() run under this module path; gradOf names the autograd op being differentiated (or null). */
    public static Scope module(String path, String gradOf) {
        Trace t = active;
        if (t == null || path == null) return NOOP;
        ModuleScopes s = ModuleScopes.of(t.session);
        ModuleScopes.Entry e = s.pushExplicit(path, gradOf);
        return () -> s.popExplicit(e);
    }

    /**
     * The model tree's hook: a parent is about to call the child at this path. The scope stays open while a frame of
     * one of frameClasses (the child's class and the superclasses that may hold its forward) is on the stack.
     */
    public static void enterModuleLazily(String path, Set<Class<?>> frameClasses) {
        Trace t = active;
        if (t != null) ModuleScopes.of(t.session).pushLazy(path, frameClasses);
    }

    /** The module path ops on this thread currently run under ("" at the root), or null when not tracing. */
    public static String currentModulePath() {
        Trace t = active;
        if (t == null) return null;
        ModuleScopes.Entry e = ModuleScopes.of(t.session).current();
        return e == null ? "" : e.path();
    }

    private static List<TensorInfo> infos(Tensor[] ts) {
        List<TensorInfo> out = new ArrayList<>(ts.length);
        for (Tensor x : ts) if (x != null) out.add(TensorInfo.of(x));
        return out;
    }

    private void add(long t0, long t1, String op, String pathOverride, long flops, long bytesMoved, List<TensorInfo> in, List<TensorInfo> out) {
        ModuleScopes scopes = ModuleScopes.of(session);
        String phase = scopes.phase(), path, gradOf = null;
        if (pathOverride != null) {
            path = pathOverride;
        } else {
            ModuleScopes.Entry e = scopes.current();
            path = e == null ? "" : e.path();
            gradOf = e == null ? null : e.gradOf();
        }
        long bytes = bytesMoved;
        if (bytes < 0) {
            bytes = 0;
            for (TensorInfo i : in) bytes += i.bytes();
            for (TensorInfo o : out) bytes += o.bytes();
        }
        long duration = t1 - t0;
        Thread th = Thread.currentThread();
        OpRecord r = new OpRecord(0, phase, path, op, gradOf, in, out, flops, bytes, t0 - startNanos, duration, th.threadId(), th.getName());
        Site site = new Site(phase, path, op, gradOf, r.signature());
        synchronized (lock) {
            if (records.size() < maxRecords) records.add(withSeq(r, seq));
            else dropped++;
            seq++;
            byOp.computeIfAbsent(op, k -> new OpStats()).add(duration, flops, bytes);
            bySite.computeIfAbsent(site, k -> new OpStats()).add(duration, flops, bytes);
        }
    }

    private static OpRecord withSeq(OpRecord r, long seq) {
        return new OpRecord(seq, r.phase(), r.path(), r.op(), r.gradOf(), r.inputs(), r.outputs(), r.flops(), r.bytes(),
                r.startNanos(), r.durationNanos(), r.threadId(), r.threadName());
    }

    // ============================================================================================ results

    /** Wall time from start to close (to now while running). */
    public long wallNanos() { return (endNanos < 0 ? System.nanoTime() : endNanos) - startNanos; }

    /** Number of ops executed while tracing. */
    public long opCount() {
        synchronized (lock) { return seq; }
    }

    /** The raw records kept (the first {@code maxRecords}), in completion order. */
    public List<OpRecord> records() {
        synchronized (lock) { return Collections.unmodifiableList(new ArrayList<>(records)); }
    }

    /** Ops executed after the raw-record cap was reached (still counted in the statistics). */
    public long droppedRecords() {
        synchronized (lock) { return dropped; }
    }

    /** Totals per op name, in order of first appearance. */
    public Map<String, OpStats> opStats() {
        synchronized (lock) {
            Map<String, OpStats> copy = new LinkedHashMap<>();
            byOp.forEach((k, v) -> copy.put(k, v.copy()));
            return copy;
        }
    }

    /** Totals per (phase, module path, op, operand shapes), in order of first appearance. */
    public Map<Site, OpStats> siteStats() {
        synchronized (lock) {
            Map<Site, OpStats> copy = new LinkedHashMap<>();
            bySite.forEach((k, v) -> copy.put(k, v.copy()));
            return copy;
        }
    }

    /** The per-op-type table. */
    public TraceSummary summary() { return new TraceSummary(opStats(), wallNanos()); }

    /** The module tree with each module's ops (shapes, FLOPs, time), phases at the top. */
    public String tree() { return TraceTree.render(siteStats(), wallNanos()); }

    /** The tree of the ops that ran under one module path ({@code bert.encoder.layer.0}) or below it, in every phase. */
    public String tree(String pathPrefix) {
        Map<Site, OpStats> under = new LinkedHashMap<>();
        siteStats().forEach((site, stats) -> {
            String p = site.path();
            if (p.equals(pathPrefix) || p.startsWith(pathPrefix + ".") || pathPrefix.isEmpty()) under.put(site, stats);
        });
        return TraceTree.render(under, wallNanos());
    }

    /** One JSON object per op record. */
    public void writeJsonLines(Path file) {
        try {
            JsonLines.write(file, records(), droppedRecords());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the op trace to " + file, e);
        }
    }

    /** Chrome trace-event JSON: ops as complete events nested in phase and module spans, one track per thread. */
    public void writeChromeTrace(Path file) {
        try {
            ChromeTrace.write(file, records(), droppedRecords());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Chrome trace to " + file, e);
        }
    }
}
