package org.peft4j.kernels.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PTX of the kernels, read from the classpath ({@code org/peft4j/kernels/cuda/ptx/<module>.ptx}): committed
 * under src/main/resources, or rebuilt into target/classes by nvcc during the build. Also parses what the
 * backend checks before loading: the .entry names with their parameter types, and the PTX ISA version, which
 * decides the oldest driver that can JIT-compile it.
 */
public final class PtxResources {
    public static final String DIRECTORY = "/org/peft4j/kernels/cuda/ptx/";

    private static final Pattern VERSION = Pattern.compile("^\\.version\\s+(\\d+)\\.(\\d+)", Pattern.MULTILINE);
    private static final Pattern ENTRY = Pattern.compile("\\.entry\\s+(\\w+)\\s*\\(([^)]*)\\)");
    private static final Pattern PARAM = Pattern.compile("\\.param\\s+(?:\\.align\\s+(\\d+)\\s+)?(\\.\\w+)(?:\\s+\\.ptr(?:\\s+\\.\\w+)*(?:\\s+\\.align\\s+\\d+)?)?\\s+(\\w+)(?:\\[(\\d+)\\])?");
    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    /** One .param of an entry: its PTX type (.u32, .u64, .f32, .b8) and its size in bytes. */
    public record Param(String ptxType, int bytes) {}

    private PtxResources() {}

    /** The PTX text of a module; a missing file is a build error, named here. */
    public static String text(String module) {
        return CACHE.computeIfAbsent(module, m -> {
            try (InputStream in = PtxResources.class.getResourceAsStream(DIRECTORY + m + ".ptx")) {
                if (in == null)
                    throw new IllegalStateException("PTX module " + m + ".ptx is missing from the classpath at " + DIRECTORY
                            + " (build it with kernels/src/main/cuda/build-ptx.sh)");
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("reading PTX module " + m, e);
            }
        });
    }

    /** Entry name -> its parameters, in order, for every .entry of a PTX text. */
    public static Map<String, List<Param>> entries(String ptx) {
        Map<String, List<Param>> out = new LinkedHashMap<>();
        Matcher e = ENTRY.matcher(ptx);
        while (e.find()) {
            List<Param> params = new ArrayList<>();
            Matcher p = PARAM.matcher(e.group(2));
            while (p.find()) {
                String type = p.group(2);
                int bytes = p.group(4) != null ? Integer.parseInt(p.group(4)) : switch (type) {
                    case ".u64", ".s64", ".b64", ".f64" -> 8;
                    case ".u16", ".s16", ".b16" -> 2;
                    case ".u8", ".s8", ".b8" -> 1;
                    default -> 4;
                };
                params.add(new Param(type.equals(".s32") || type.equals(".b32") ? ".u32" : type, bytes));
            }
            out.put(e.group(1), params);
        }
        return out;
    }

    /** "major.minor" of the .version directive shared by the modules (they are built by one nvcc). */
    public static String isaVersion() {
        Matcher m = VERSION.matcher(text(Kernel.SGEMM.module()));
        if (!m.find()) throw new IllegalStateException("PTX module " + Kernel.SGEMM.module() + " has no .version directive");
        return m.group(1) + "." + m.group(2);
    }

    /** The oldest driver (cuDriverGetVersion encoding) that JIT-compiles this PTX ISA: 9.x needs 13.x, 8.y needs 12.y. */
    public static int requiredDriverVersion() { return requiredDriverVersion(isaVersion()); }

    static int requiredDriverVersion(String isa) {
        String[] p = isa.split("\\.");
        int major = Integer.parseInt(p[0]), minor = Integer.parseInt(p[1]);
        if (major >= 9) return (13 + major - 9) * 1000 + minor * 10;
        if (major == 8) return 12000 + minor * 10;
        return 11000; // ISA 7.x: CUDA 11
    }
}
