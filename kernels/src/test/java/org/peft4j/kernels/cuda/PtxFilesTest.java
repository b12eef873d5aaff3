package org.peft4j.kernels.cuda;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The PTX on the classpath (committed, or rebuilt by nvcc during the build) holds every kernel the Java side
 * launches, with the parameters the launches pass, for a target the H100/H200 can JIT; the committed PTX is
 * not stale against the CUDA sources; and, where ptxas exists, it assembles for sm_90.
 */
class PtxFilesTest {
    @Test
    void everyKernelTheJavaSideLaunchesIsAnEntryWithMatchingParameters() {
        for (Kernel k : Kernel.values()) {
            String ptx = PtxResources.text(k.module());
            Map<String, List<PtxResources.Param>> entries = PtxResources.entries(ptx);
            List<PtxResources.Param> params = entries.get(k.entry());
            assertNotNull(params, k + ": no .entry " + k.entry() + " in " + k.module() + ".ptx (entries: " + entries.keySet() + ")");
            assertEquals(k.params().size(), params.size(), k + ": parameter count in the PTX");
            for (int i = 0; i < params.size(); i++) {
                ParamType want = k.params().get(i);
                PtxResources.Param got = params.get(i);
                assertEquals(want.ptxType(), got.ptxType(), k + " parameter " + i);
                assertEquals(want.bytes(), got.bytes(), k + " parameter " + i + " size in bytes");
            }
        }
    }

    @Test
    void everyEntryInThePtxIsLaunchedFromJava() {
        Set<String> modules = EnumSet.allOf(Kernel.class).stream().map(Kernel::module).collect(Collectors.toSet());
        Set<String> launched = EnumSet.allOf(Kernel.class).stream().map(Kernel::entry).collect(Collectors.toSet());
        Set<String> inPtx = new HashSet<>();
        for (String m : modules) inPtx.addAll(PtxResources.entries(PtxResources.text(m)).keySet());
        assertEquals(launched, inPtx, "PTX entries without a Kernel constant, or the reverse");
    }

    @Test
    void ptxTargetsAVirtualArchTheHopperGpusJit() {
        for (Kernel k : Kernel.values()) {
            String ptx = PtxResources.text(k.module());
            assertTrue(ptx.contains(".target sm_80") || ptx.contains(".target sm_90"), k.module() + ".ptx should target sm_80 or sm_90");
            assertTrue(ptx.contains(".address_size 64"), k.module() + ".ptx should be 64-bit");
        }
        String isa = PtxResources.isaVersion();
        assertTrue(isa.matches("\\d+\\.\\d+"), "ISA version " + isa);
        assertTrue(PtxResources.requiredDriverVersion() >= 12000, "required driver " + PtxResources.requiredDriverVersion());
        assertEquals(13000, PtxResources.requiredDriverVersion("9.0"));
        assertEquals(12040, PtxResources.requiredDriverVersion("8.4"));
    }

    @Test
    void committedPtxWasBuiltFromTheCurrentSources() throws Exception {
        String manifest = resource("/org/peft4j/kernels/cuda/ptx/sources.sha256");
        Set<String> files = new HashSet<>();
        for (String line : manifest.strip().split("\n")) {
            String[] p = line.trim().split("\\s+");
            files.add(p[1]);
            String text = resource("/org/peft4j/kernels/cuda/src/" + p[1]);
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
            assertEquals(p[0], hash, p[1] + " changed since its PTX was built: run kernels/src/main/cuda/build-ptx.sh "
                    + "kernels/src/main/resources/org/peft4j/kernels/cuda/ptx and commit the PTX");
        }
        for (Kernel k : Kernel.values()) assertTrue(files.contains(k.module() + ".cu"), k.module() + ".cu is not in sources.sha256");
        assertTrue(files.contains("common.cuh"));
    }

    @Test
    void ptxAssemblesForSm90WherePtxasExists() throws Exception {
        Path ptxas = findPtxas();
        Assumptions.assumeTrue(ptxas != null, "no ptxas on this machine: the PTX is not assembled for sm_90 here");
        Path dir = Files.createTempDirectory("ptx-check");
        try {
            for (String m : EnumSet.allOf(Kernel.class).stream().map(Kernel::module).collect(Collectors.toSet())) {
                Path in = dir.resolve(m + ".ptx");
                Files.writeString(in, PtxResources.text(m));
                Process p = new ProcessBuilder(ptxas.toString(), "-arch=sm_90", "-o", dir.resolve(m + ".cubin").toString(), in.toString())
                        .redirectErrorStream(true).start();
                String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(p.waitFor(120, TimeUnit.SECONDS), "ptxas timed out on " + m);
                if (p.exitValue() != 0) fail("ptxas -arch=sm_90 rejects " + m + ".ptx:\n" + log);
            }
        } finally {
            try (var s = Files.list(dir)) { for (Path f : s.toList()) Files.delete(f); }
            Files.delete(dir);
        }
    }

    static Path findPtxas() {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/local/cuda/bin").split(":")) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, "ptxas");
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }

    static String resource(String path) throws IOException {
        try (InputStream in = PtxFilesTest.class.getResourceAsStream(path)) {
            assertNotNull(in, path + " is missing from the classpath");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
