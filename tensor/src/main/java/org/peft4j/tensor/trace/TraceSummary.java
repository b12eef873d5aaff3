package org.peft4j.tensor.trace;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Per op type: how many ran, their total wall time, their FLOP rate and memory rate, and their share of the traced
 * run's wall time. The rest of the wall time ("outside ops") is work no op accounts for: tokenization, views and
 * copies done by the models themselves, autograd bookkeeping, the tracer's own recording.
 */
public final class TraceSummary {
    private final Map<String, OpStats> byOp;
    private final long wallNanos;

    public TraceSummary(Map<String, OpStats> byOp, long wallNanos) {
        this.byOp = new LinkedHashMap<>(byOp);
        this.wallNanos = wallNanos;
    }

    /** Op types by total time, longest first. */
    public List<Map.Entry<String, OpStats>> rows() {
        List<Map.Entry<String, OpStats>> rows = new ArrayList<>(byOp.entrySet());
        rows.sort(Comparator.comparingLong((Map.Entry<String, OpStats> e) -> e.getValue().nanos()).reversed());
        return rows;
    }

    public OpStats total() {
        OpStats t = new OpStats();
        byOp.values().forEach(t::add);
        return t;
    }

    public long wallNanos() { return wallNanos; }

    /** Share of the traced wall time spent in ops of this type (0..1). */
    public double share(OpStats s) { return wallNanos == 0 ? 0 : (double) s.nanos() / wallNanos; }

    /** A fixed-width text table. */
    public String table() {
        StringBuilder sb = new StringBuilder();
        String head = "%-24s %8s %11s %10s %10s %9s %8s %7s%n";
        String row = "%-24s %8d %11.3f %10.1f %10.3f %9.2f %8.2f %6.1f%%%n";
        sb.append(String.format(Locale.ROOT, head, "op", "count", "total ms", "mean us", "GFLOP", "GFLOP/s", "GB/s", "share"));
        for (Map.Entry<String, OpStats> e : rows()) {
            OpStats s = e.getValue();
            sb.append(String.format(Locale.ROOT, row, e.getKey(), s.count(), s.nanos() / 1e6, s.nanos() / 1e3 / Math.max(1, s.count()),
                    s.flops() / 1e9, s.gflops(), s.gbPerSecond(), 100 * share(s)));
        }
        OpStats t = total();
        sb.append(String.format(Locale.ROOT, row, "all ops", t.count(), t.nanos() / 1e6, t.nanos() / 1e3 / Math.max(1, t.count()),
                t.flops() / 1e9, t.gflops(), t.gbPerSecond(), 100 * share(t)));
        sb.append(String.format(Locale.ROOT, "wall %.3f ms traced, %.3f ms (%.1f%%) outside ops%n", wallNanos / 1e6,
                Math.max(0, wallNanos - t.nanos()) / 1e6, 100 * Math.max(0, 1 - share(t))));
        return sb.toString();
    }

    @Override
    public String toString() { return table(); }
}
