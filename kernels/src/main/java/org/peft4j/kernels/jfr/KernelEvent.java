package org.peft4j.kernels.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A JDK Flight Recorder event per call of the larger compute kernels: GEMM (plain, half-precision B, batched),
 * softmax and its backward, layer/RMS norm and their backward. Sizes follow each kernel's own
 * arguments: GEMM m x k times k x n over {@code batch} items; row kernels {@code rows} x {@code cols} (depth 0).
 * <p>
 * Emission follows the JFR idiom: {@code begin()} before the work, {@code shouldCommit()} after it, so without a
 * recording (or with the event disabled or under its threshold) nothing is filled in or written. It is on in every
 * recording by default; {@code -XX:StartFlightRecording:+org.peft4j.Kernel#enabled=false,...} turns it off, and a
 * threshold needs {@code enabled=true} beside it (docs/PROFILING.md).
 */
@Name(KernelEvent.NAME)
@Label("peft4j Kernel")
@Category({"peft4j", "Kernels"})
@Description("One call of a peft4j compute kernel with its sizes and arithmetic")
@StackTrace(false)
public final class KernelEvent extends Event {
    public static final String NAME = "org.peft4j.Kernel";

    @Label("Kernel") public String kernel;
    @Label("Rows") @Description("m of a GEMM, rows of a row kernel") public int rows;
    @Label("Columns") @Description("n of a GEMM, row length of a row kernel") public int cols;
    @Label("Depth") @Description("k of a GEMM; 0 for row kernels") public int depth;
    @Label("Batch") public int batch;
    @Label("FLOPs") public long flops;
    @Label("Bytes") @DataAmount @Description("operands and results, each counted once") public long bytes;

    /** A started event: pass it to one of the finish methods when the kernel returns. */
    public static KernelEvent start() {
        KernelEvent e = new KernelEvent();
        e.begin();
        return e;
    }

    /** Commits a GEMM of batch items of (m x k)(k x n); bBytes is B's element size (4 for F32, 2 for BF16/F16). */
    public static void gemm(KernelEvent e, String kernel, int batch, int m, int n, int k, int bBytes) {
        e.end();
        if (!e.shouldCommit()) return;
        e.kernel = kernel;
        e.batch = batch;
        e.rows = m;
        e.cols = n;
        e.depth = k;
        e.flops = 2L * batch * m * n * k;
        e.bytes = (long) batch * (4L * m * k + (long) bBytes * k * n + 4L * m * n);
        e.commit();
    }

    /** Commits a row kernel over rows x cols elements doing flopsPerElement each, reading and writing arrays floats per element. */
    public static void rows(KernelEvent e, String kernel, int rows, int cols, int flopsPerElement, int arrays) {
        e.end();
        if (!e.shouldCommit()) return;
        e.kernel = kernel;
        e.batch = 1;
        e.rows = rows;
        e.cols = cols;
        e.flops = (long) rows * cols * flopsPerElement;
        e.bytes = 4L * rows * cols * arrays;
        e.commit();
    }
}
