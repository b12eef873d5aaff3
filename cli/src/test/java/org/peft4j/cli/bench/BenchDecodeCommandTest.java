package org.peft4j.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.peft4j.cli.Main;
import org.peft4j.kernels.cpu.KernelPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.*;

/** The decode benchmark's interface (one JSON line with the peer's field names), on a tiny run. */
class BenchDecodeCommandTest {
    private final int defaultThreads = KernelPool.threads();

    @AfterEach
    void restore() { KernelPool.setThreads(defaultThreads); }

    @Test
    void printsOneJsonLineLikeThePeer() throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        int rc;
        try {
            rc = new CommandLine(new Main()).execute("bench", "decode", "--arch", "gpt2-124m", "--prompt", "2", "--tokens", "2",
                    "--threads", "1", "--dtype", "bf16", "--warmup", "0", "--iters", "1");
        } finally {
            System.setOut(old);
        }
        assertEquals(0, rc);
        String[] lines = buf.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertEquals(1, lines.length);
        JsonNode j = new ObjectMapper().readTree(lines[0]);
        assertEquals("decode", j.get("workload").asText());
        assertEquals("gpt2-124m", j.get("arch").asText());
        assertEquals(1, j.get("threads").asInt());
        assertTrue(j.get("tokens_per_s_best").asDouble() >= j.get("tokens_per_s_median").asDouble());
    }
}
