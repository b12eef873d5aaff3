package org.peft4j.kernels.jfr;

import java.nio.file.Path;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peft4j.kernels.cpu.Gemm;
import org.peft4j.kernels.cpu.Norms;

import static org.junit.jupiter.api.Assertions.*;

/** A real in-process flight recording sees the kernel events with their sizes. */
class KernelEventTest {
    @Test
    void gemmAndLayerNormEventsCarrySizesAndFlops(@TempDir Path dir) throws Exception {
        int m = 7, n = 5, k = 3;
        float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
        float[] x = new float[4 * 16], out = new float[4 * 16], mean = new float[4], rstd = new float[4];
        Path file = dir.resolve("kernels.jfr");
        try (Recording r = new Recording()) {
            r.enable(KernelEvent.NAME).withThreshold(java.time.Duration.ZERO);
            r.start();
            Gemm.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
            Norms.layerNorm(4, 16, x, 0, null, 0, null, 0, 1e-5f, out, 0, mean, 0, rstd, 0);
            r.stop();
            r.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals(KernelEvent.NAME)).toList();
        RecordedEvent gemm = events.stream().filter(e -> e.getString("kernel").equals("sgemm")).findFirst().orElseThrow();
        assertEquals(m, gemm.getInt("rows"));
        assertEquals(n, gemm.getInt("cols"));
        assertEquals(k, gemm.getInt("depth"));
        assertEquals(2L * m * n * k, gemm.getLong("flops"));
        assertEquals(4L * (m * k + k * n + m * n), gemm.getLong("bytes"));
        RecordedEvent ln = events.stream().filter(e -> e.getString("kernel").equals("layer_norm")).findFirst().orElseThrow();
        assertEquals(4, ln.getInt("rows"));
        assertEquals(16, ln.getInt("cols"));
        assertEquals(8L * 64, ln.getLong("flops"));
    }

    @Test
    void withoutARecordingNothingIsCommitted() {
        KernelEvent e = KernelEvent.start();
        KernelEvent.gemm(e, "sgemm", 1, 2, 2, 2, 4);
        assertNull(e.kernel, "fields are filled only when the event will be committed");
    }
}
