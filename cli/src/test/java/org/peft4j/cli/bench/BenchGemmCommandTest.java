package org.peft4j.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.peft4j.cli.Main;
import org.peft4j.kernels.cpu.KernelPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchGemmCommandTest {
    private final int defaultThreads = KernelPool.threads();

    @AfterEach
    void restore() { KernelPool.setThreads(defaultThreads); }

    private static JsonNode runBench(String... args) throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        int rc;
        try {
            rc = new CommandLine(new Main()).execute(args);
        } finally {
            System.setOut(old);
        }
        assertEquals(0, rc);
        String[] lines = buf.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertEquals(1, lines.length, "exactly one JSON line");
        return new ObjectMapper().readTree(lines[0]);
    }

    @Test
    void printsOneJsonLineWithThePeerFields() throws Exception {
        for (String dtype : new String[]{"f32", "bf16"}) {
            JsonNode j = runBench("bench", "gemm", "--m", "33", "--n", "17", "--k", "20", "--threads", "1", "--dtype", dtype,
                    "--seconds", "0", "--warmup", "0");
            assertEquals(33, j.get("m").asInt());
            assertEquals(17, j.get("n").asInt());
            assertEquals(20, j.get("k").asInt());
            assertEquals(1, j.get("threads").asInt());
            assertEquals(dtype, j.get("dtype").asText());
            assertTrue(j.get("runs").asInt() >= 5);
            assertTrue(j.get("gflops_best").asDouble() > 0 && j.get("gflops_best").asDouble() >= j.get("gflops_median").asDouble());
        }
    }

    @Test
    void timerRunsAtLeastTheMinimum() {
        AtomicInteger calls = new AtomicInteger();
        BenchTimer.Result r = BenchTimer.measure(calls::incrementAndGet, 0, 0, 2, 5);
        assertEquals(5, r.runs()); // no time budget: exactly the minimum is timed
        assertTrue(calls.get() >= 7, "at least 2 warm-up runs before the 5 timed ones, got " + calls.get() + " calls");
        assertTrue(r.bestSeconds() <= r.medianSeconds());
        assertThrows(IllegalArgumentException.class, () -> BenchTimer.measure(() -> {}, -1, 0, 0, 1));
    }
}
