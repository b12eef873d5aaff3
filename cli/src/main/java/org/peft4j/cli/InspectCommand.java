package org.peft4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.peft4j.peft.PeftConfig;
import org.peft4j.peft.cost.Workload;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code peft4j inspect PATH}: the tensors of a model folder, a .safetensors file (or shard index) or an .onnx
 * export (under the Hugging Face names they map to), with totals and the config.json summary. Only headers are
 * read. To add a section, add it to {@link #sections(InspectReport)}: it appears under its name in both the text and
 * the JSON output. With {@code --method} (and its options) a "cost" section gives the PEFT cost model of that method
 * on this model for a training step of {@code --batch} x {@code --seq} tokens ({@link PeftCostSection}).
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Lists a model's tensors (name, dtype, shape, bytes), totals and config summary.")
public final class InspectCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "PATH", description = "a model folder, a .safetensors file, a *.safetensors.index.json or an .onnx file")
    Path path;

    @Option(names = "--model", paramLabel = "DIR", description = "the model folder (instead of PATH)")
    Path model;

    @Mixin
    PeftMethodOptions peft;

    @Option(names = "--batch", defaultValue = "8", description = "cost model: sequences per training step (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--seq", defaultValue = "128", description = "cost model: tokens per sequence (default ${DEFAULT-VALUE})")
    int seq;

    @Option(names = "--keep-ratio", description = "cost model: Fisher mask keep ratio for the masked round size")
    Double keepRatio;

    @Option(names = "--json", description = "print the report as JSON")
    boolean json;

    @Option(names = "--summary", description = "omit the per-tensor table")
    boolean summary;

    @Spec
    CommandSpec spec;

    /** Extra report sections by name, each a map of values. Add new analyses here. */
    Map<String, Map<String, Object>> sections(InspectReport report) {
        Map<String, Map<String, Object>> s = new LinkedHashMap<>();
        PeftConfig method = peft.toConfig();
        if (method != null) s.put("cost", PeftCostSection.of(report, method, new Workload(batch, seq, keepRatio)));
        return s;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (path == null) path = model;
        if (path == null || (model != null && !model.equals(path))) {
            spec.commandLine().getErr().println("peft4j inspect: give the model as PATH or --model DIR (one of them)");
            return 2;
        }
        if (!Files.exists(path)) {
            spec.commandLine().getErr().println("peft4j inspect: " + path + " does not exist");
            return 2;
        }
        InspectReport report;
        try {
            report = InspectReport.of(path);
        } catch (java.io.IOException e) { // malformed files, pickle checkpoints, unreadable paths: a message, not a stack trace
            spec.commandLine().getErr().println("peft4j inspect: " + e.getMessage());
            return 1;
        }
        Map<String, Map<String, Object>> sections;
        try {
            sections = sections(report);
        } catch (RuntimeException e) { // a method that does not fit the model, a model that does not load
            if (!(e instanceof IllegalArgumentException || e instanceof java.io.UncheckedIOException || e.getClass().getName().startsWith("org.peft4j.")))
                throw e;
            spec.commandLine().getErr().println("peft4j inspect: " + e.getMessage());
            return 1;
        }
        if (json) {
            Map<String, Object> m = report.toJson();
            if (summary) m.remove("tensors");
            if (!sections.isEmpty()) m.put("sections", sections);
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m));
        } else {
            printText(report, sections, out);
        }
        out.flush();
        return 0;
    }

    private void printText(InspectReport r, Map<String, Map<String, Object>> sections, PrintWriter out) {
        out.println(r.path() + " (" + r.kind() + ": " + String.join(", ", r.files) + ")");
        if (!r.metadata.isEmpty()) out.println("metadata: " + r.metadata);
        if (!r.onnx.isEmpty()) out.println("onnx: " + r.onnx);
        Map<String, Object> cfg = r.configSummary();
        if (cfg != null) out.println("config: " + keyValues(cfg));
        if (r.configProblem() != null) out.println("config: " + r.configProblem());
        if (r.layout != null) {
            out.println("weights vs config: " + r.layout.get("found") + "/" + r.layout.get("expected") + " base parameters match"
                    + (r.layout.get("prefix") == null ? " (no base-model prefix found)" : " under prefix \"" + r.layout.get("prefix") + "\"")
                    + ", " + r.layout.get("other_tensors") + " other tensors (heads, buffers)");
            for (String key : List.of("missing", "wrong_shape", "absent_optional")) {
                List<?> items = (List<?>) r.layout.get(key);
                if (!items.isEmpty()) out.println("  " + key.replace('_', ' ') + " (" + items.size() + "): "
                        + String.join(", ", items.stream().limit(8).map(String::valueOf).toList()) + (items.size() > 8 ? ", ..." : ""));
            }
        }
        if (!summary) printTable(r, out);
        if (!r.unmapped.isEmpty()) {
            out.println("initializers without a Hugging Face name: " + r.unmapped.size());
            r.unmapped.forEach((k, v) -> out.println("  " + k + ": " + v));
        }
        out.printf("total: %,d tensors, %,d elements, %s%n", r.tensors().size(), r.totalElements(), bytes(r.totalBytes()));
        r.byDtype().forEach((d, t) -> out.printf("  %-5s %,d tensors, %,d elements, %s%n", d, t.tensors(), t.elements(), bytes(t.bytes())));
        sections.forEach((name, values) -> out.println(name + ": " + keyValues(values)));
    }

    private static void printTable(InspectReport r, PrintWriter out) {
        int nameWidth = "name".length(), shapeWidth = "shape".length();
        for (InspectReport.TensorRow t : r.tensors()) {
            nameWidth = Math.max(nameWidth, t.name().length());
            shapeWidth = Math.max(shapeWidth, Arrays.toString(t.shape()).length());
        }
        boolean sharded = r.tensors().stream().anyMatch(t -> t.file() != null);
        String fmt = "%-" + nameWidth + "s  %-5s  %-" + shapeWidth + "s  %,14d%s%n";
        out.printf("%-" + nameWidth + "s  %-5s  %-" + shapeWidth + "s  %14s%s%n", "name", "dtype", "shape", "bytes", sharded ? "  file" : "");
        for (InspectReport.TensorRow t : r.tensors())
            out.printf(fmt, t.name(), t.dtype(), Arrays.toString(t.shape()), t.bytes(), t.file() != null ? "  " + t.file() : "");
    }

    private static String keyValues(Map<String, Object> m) {
        StringBuilder sb = new StringBuilder();
        m.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : "  ").append(k).append('=').append(v));
        return sb.toString();
    }

    /** "431,624 bytes (421.5 KiB)". */
    static String bytes(long n) {
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
        return String.format("%,d bytes", n) + (u < 0 ? "" : String.format(" (%.1f %s)", v, units[u]));
    }
}
