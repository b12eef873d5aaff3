package org.peft4j.tensor.trace;

/** Running totals over a group of op executions (one op type, or one op at one module). Not thread-safe: the trace locks. */
public final class OpStats {
    private long count, nanos, flops, bytes;

    void add(long durationNanos, long opFlops, long opBytes) {
        count++;
        nanos += durationNanos;
        flops += opFlops;
        bytes += opBytes;
    }

    void add(OpStats o) {
        count += o.count;
        nanos += o.nanos;
        flops += o.flops;
        bytes += o.bytes;
    }

    OpStats copy() {
        OpStats c = new OpStats();
        c.add(this);
        return c;
    }

    public long count() { return count; }
    public long nanos() { return nanos; }
    public long flops() { return flops; }
    public long bytes() { return bytes; }

    /** FLOPs per nanosecond = GFLOP/s; 0 when no time was measured. */
    public double gflops() { return nanos == 0 ? 0 : (double) flops / nanos; }

    /** Bytes per nanosecond = GB/s. */
    public double gbPerSecond() { return nanos == 0 ? 0 : (double) bytes / nanos; }
}
