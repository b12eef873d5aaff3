package org.peft4j.kernels.cuda.emulation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the host emulation library: copies the CUDA C sources (on the classpath under
 * {@code org/peft4j/kernels/cuda/src/}) to a cache folder named after their hash, writes emu_registry.inc (every
 * {@code extern "C"} kernel as EMU_KERNEL(name)) and compiles everything with g++ into one shared library.
 * Later builds of the same sources reuse it.
 */
public final class EmulatorBuild {
    static final String SOURCE_DIR = "/org/peft4j/kernels/cuda/src/";
    static final List<String> SOURCES = List.of("common.cuh", "host_emulation.h", "host_emulation.cpp", "elementwise.cu", "reduce.cu",
            "softmax.cu", "norms.cu", "activations.cu", "rotary.cu", "embedding.cu", "cross_entropy.cu", "adamw.cu", "gemm.cu");
    private static final String LIBRARY = "libpeft4j_cuda_emulation.so";
    private static final Pattern KERNEL = Pattern.compile("extern \"C\" __global__ void (?:__launch_bounds__\\([^)]*\\)\\s*)?(\\w+)\\s*\\(");

    private EmulatorBuild() {}

    /** The C++ compiler to use: $CXX, else g++ on the PATH; null when there is none. */
    public static String compiler() {
        String cxx = System.getenv("CXX");
        if (cxx != null && !cxx.isBlank()) return cxx;
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path p = Path.of(dir, "g++");
            if (Files.isExecutable(p)) return p.toString();
        }
        return null;
    }

    /** The extern "C" kernel names declared in a CUDA source. */
    static List<String> kernelNames(String source) {
        List<String> names = new ArrayList<>();
        Matcher m = KERNEL.matcher(source);
        while (m.find()) names.add(m.group(1));
        return names;
    }

    /** The compiled library, built on first use into {@code java.io.tmpdir/peft4j-cuda-emulation-<hash>}. */
    public static synchronized Path library() {
        String cxx = compiler();
        if (cxx == null) throw new IllegalStateException("the CUDA host emulation needs a C++ compiler: no $CXX and no g++ on the PATH");
        try {
            List<String> texts = new ArrayList<>();
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String name : SOURCES) {
                String text = read(name);
                texts.add(text);
                sha.update(name.getBytes(StandardCharsets.UTF_8));
                sha.update(text.getBytes(StandardCharsets.UTF_8));
            }
            String hash = HexFormat.of().formatHex(sha.digest()).substring(0, 16);
            Path dir = Path.of(System.getProperty("java.io.tmpdir"), "peft4j-cuda-emulation-" + hash);
            Path lib = dir.resolve(LIBRARY);
            if (Files.isRegularFile(lib)) return lib;
            // build in a private folder and rename it into place, so concurrent builds never see half-written files
            Path build = Files.createTempDirectory(dir.getParent(), "peft4j-cuda-emulation-build-");
            StringBuilder registry = new StringBuilder("#define PEFT4J_HOST_EMULATION 1\n");
            List<String> kernels = new ArrayList<>();
            for (int i = 0; i < SOURCES.size(); i++) {
                String name = SOURCES.get(i);
                Files.writeString(build.resolve(name), texts.get(i));
                if (name.endsWith(".cu")) {
                    registry.append("#include \"").append(name).append("\"\n");
                    kernels.addAll(kernelNames(texts.get(i)));
                }
            }
            registry.append("static const EmuEntry EMU_ENTRIES[] = {\n");
            for (String k : kernels) registry.append("EMU_KERNEL(").append(k).append(")\n");
            registry.append("};\n");
            Files.writeString(build.resolve("emu_registry.inc"), registry.toString());
            Process p = new ProcessBuilder(cxx, "-std=c++17", "-O2", "-fPIC", "-shared", "-DPEFT4J_HOST_EMULATION=1", "-I", build.toString(),
                    "-o", build.resolve(LIBRARY).toString(), build.resolve("host_emulation.cpp").toString())
                    .redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("compiling the CUDA host emulation timed out");
            }
            if (p.exitValue() != 0) throw new IllegalStateException("compiling the CUDA host emulation with " + cxx + " failed:\n" + log);
            try {
                Files.move(build, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) {
                if (!Files.isRegularFile(lib)) throw raced; // another JVM finished first: use its build
            }
            return lib;
        } catch (IOException e) {
            throw new UncheckedIOException("building the CUDA host emulation", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while compiling the CUDA host emulation", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String read(String name) throws IOException {
        try (InputStream in = EmulatorBuild.class.getResourceAsStream(SOURCE_DIR + name)) {
            if (in == null) throw new IllegalStateException("CUDA source " + name + " is missing from the classpath at " + SOURCE_DIR);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
