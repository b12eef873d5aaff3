package org.peft4j.kernels.cpu;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A kernel must give the same bits interpreted and compiled: otherwise a model's loss moves in the last bit when
 * C2 compiles a loop, and an eval cannot repeat the metrics a training run wrote. The child JVM runs with -Xint,
 * where every Vector API operation takes its Java fallback; this JVM runs the same kernels after enough calls for
 * C2 to have compiled them with its intrinsics.
 */
class JitTierDeterminismTest {
    @Test
    void kernelsGiveTheSameBitsInterpretedAndCompiled() throws IOException, InterruptedException {
        String compiled = null;
        for (int i = 0; i < 3000; i++) compiled = KernelBitsProbe.run();

        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(List.of(java.toString(), "-Xint", "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"), KernelBitsProbe.class.getName()));
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String interpreted;
        try (var in = p.getInputStream()) { interpreted = new String(in.readAllBytes(), StandardCharsets.UTF_8); }
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the -Xint probe did not finish in 120 s");
        assertEquals(0, p.exitValue(), "the -Xint probe failed:\n" + interpreted);
        String last = interpreted.lines().filter(l -> l.startsWith("softmax=")).findFirst()
                .orElseThrow(() -> new AssertionError("no probe line in:\n" + interpreted));
        assertEquals(last, compiled, "kernels whose CRC differs depend on the JIT tier");
    }
}
