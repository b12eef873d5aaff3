package org.peft4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.peft4j.tensor.Tensor;
import org.peft4j.weights.config.ConfigFormatException;
import org.peft4j.weights.config.Gpt2Config;
import org.peft4j.weights.config.LlamaConfig;
import org.peft4j.weights.config.ModelConfig;
import org.peft4j.weights.config.WeightLayout;
import org.peft4j.weights.onnx.OnnxImport;
import org.peft4j.weights.onnx.OnnxModel;
import org.peft4j.weights.onnx.OnnxWeightImporter;
import org.peft4j.weights.safetensors.ModelWeights;
import org.peft4j.weights.safetensors.SafetensorsFile;
import org.peft4j.weights.safetensors.TensorInfo;

/**
 * What {@code peft4j inspect} found at a path: every tensor (name, dtype, shape, bytes), totals per dtype, the
 * config.json summary and whether the weights fit it. Built from the headers only (tensors are mapped, never read),
 * so inspecting a multi-gigabyte model is instant. Extra sections (e.g. a PEFT cost model) read {@link #config()}
 * and {@link #tensors()}.
 */
public final class InspectReport {
    /** One tensor row. {@code file} is the shard (sharded checkpoints); {@code origin} the ONNX initializer it came from. */
    public record TensorRow(String name, String dtype, int[] shape, long numel, long bytes, String file, String origin) {}

    /** Totals of one dtype. */
    public record DtypeTotal(int tensors, long elements, long bytes) {}

    final Path path;
    String kind;
    final List<String> files = new ArrayList<>();
    Map<String, String> metadata = Map.of();
    final List<TensorRow> tensors = new ArrayList<>();
    ModelConfig config;
    String configProblem;
    Map<String, Object> layout;
    final Map<String, Object> onnx = new LinkedHashMap<>();
    final Map<String, String> unmapped = new LinkedHashMap<>();

    private InspectReport(Path path) {
        this.path = path;
    }

    public Path path() { return path; }

    /** "folder", "safetensors", "sharded" or "onnx". */
    public String kind() { return kind; }

    public List<TensorRow> tensors() { return tensors; }

    /** The parsed config.json, or null when there is none (or it could not be read: see {@link #configProblem()}). */
    public ModelConfig config() { return config; }

    public String configProblem() { return configProblem; }

    /** Reads a model folder, a .safetensors file, a *.safetensors.index.json or an .onnx file. */
    public static InspectReport of(Path path) throws IOException {
        InspectReport r = new InspectReport(path);
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        if (!Files.isDirectory(path) && name.endsWith(".onnx")) {
            r.readOnnx();
        } else {
            r.readSafetensors();
            Path dir = Files.isDirectory(path) ? path : path.toAbsolutePath().getParent();
            if (Files.isRegularFile(dir.resolve("config.json"))) r.readConfig(dir.resolve("config.json"));
        }
        return r;
    }

    private void readSafetensors() throws IOException {
        try (ModelWeights w = ModelWeights.open(path)) {
            kind = Files.isDirectory(path) ? "folder" : w.files().size() > 1 || path.toString().endsWith(".index.json") ? "sharded" : "safetensors";
            for (SafetensorsFile f : w.files()) files.add(f.path().getFileName().toString());
            metadata = w.metadata();
            for (String n : w.names()) {
                TensorInfo i = w.info(n);
                String file = w.files().size() > 1 ? w.fileOf(n).path().getFileName().toString() : null;
                tensors.add(new TensorRow(n, i.dtype().name(), i.shape(), i.numel(), i.byteSize(), file, null));
            }
        }
    }

    private void readOnnx() throws IOException {
        kind = "onnx";
        files.add(path.getFileName().toString());
        try (OnnxModel m = OnnxModel.open(path)) {
            onnx.put("producer", m.producer());
            onnx.put("ir_version", m.irVersion());
            onnx.put("opsets", m.opsets());
            onnx.put("initializers", m.initializers().size());
            onnx.put("nodes", m.nodes().size());
            OnnxImport imp = OnnxWeightImporter.importWeights(m);
            for (Map.Entry<String, Tensor> e : imp.tensors().entrySet()) {
                Tensor t = e.getValue();
                long numel = t.numel();
                tensors.add(new TensorRow(e.getKey(), t.dtype().name(), t.shape(), numel, numel * t.dtype().byteSize(), null, imp.origin().get(e.getKey())));
            }
            unmapped.putAll(imp.unmapped());
        }
    }

    private void readConfig(Path file) throws IOException {
        try {
            config = ModelConfig.load(file);
        } catch (ConfigFormatException e) {
            configProblem = e.getMessage();
            return;
        }
        List<String> names = tensors.stream().map(TensorRow::name).toList();
        Map<String, int[]> expected = WeightLayout.expected(config);
        String prefix = WeightLayout.prefix(config, names);
        Map<String, int[]> shapes = new LinkedHashMap<>();
        for (TensorRow t : tensors) shapes.put(t.name(), t.shape());
        List<String> missing = new ArrayList<>(), absentOptional = new ArrayList<>(), wrongShape = new ArrayList<>();
        int found = 0;
        for (Map.Entry<String, int[]> e : expected.entrySet()) {
            int[] actual = prefix == null ? null : shapes.get(prefix + e.getKey());
            if (actual == null) (WeightLayout.optional(config).contains(e.getKey()) ? absentOptional : missing).add(e.getKey());
            else if (!Arrays.equals(actual, e.getValue())) wrongShape.add(prefix + e.getKey() + " " + Arrays.toString(actual) + " (config says " + Arrays.toString(e.getValue()) + ")");
            else found++;
        }
        layout = new LinkedHashMap<>();
        layout.put("prefix", prefix);
        layout.put("expected", expected.size() - absentOptional.size());
        layout.put("found", found);
        layout.put("missing", missing);
        layout.put("absent_optional", absentOptional);
        layout.put("wrong_shape", wrongShape);
        layout.put("other_tensors", tensors.size() - found - wrongShape.size());
    }

    // ---------------------------------------------------------------- totals

    /** Elements over all tensors (parameters plus buffers such as BERT's position_ids). */
    public long totalElements() { return tensors.stream().mapToLong(TensorRow::numel).sum(); }

    public long totalBytes() { return tensors.stream().mapToLong(TensorRow::bytes).sum(); }

    public Map<String, DtypeTotal> byDtype() {
        Map<String, DtypeTotal> out = new TreeMap<>();
        for (TensorRow t : tensors)
            out.merge(t.dtype(), new DtypeTotal(1, t.numel(), t.bytes()), (a, b) -> new DtypeTotal(a.tensors() + b.tensors(), a.elements() + b.elements(), a.bytes() + b.bytes()));
        return out;
    }

    /** The config summary as ordered key/values (null without a config). */
    public Map<String, Object> configSummary() {
        if (config == null) return null;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model_type", config.modelType());
        if (!config.architectures().isEmpty()) m.put("architectures", config.architectures());
        m.put("layers", config.numHiddenLayers());
        m.put("hidden", config.hiddenSize());
        m.put("heads", config.numAttentionHeads());
        if (config instanceof LlamaConfig l) m.put("kv_heads", l.numKeyValueHeads());
        m.put("head_dim", config.headDim());
        m.put("intermediate", config.intermediateSize());
        m.put("vocab", config.vocabSize());
        m.put("max_positions", config.maxPositionEmbeddings());
        m.put("activation", config.activation());
        m.put("norm_eps", config.normEps());
        if (config instanceof LlamaConfig l) m.put("rope_theta", l.ropeTheta());
        if (config instanceof Gpt2Config || config instanceof LlamaConfig) m.put("tie_word_embeddings", config.tieWordEmbeddings());
        m.put("num_labels", config.labels().numLabels());
        if (config.labels().problemType() != null) m.put("problem_type", config.labels().problemType());
        return m;
    }

    /** The whole report as JSON-ready maps and lists. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", path.toString());
        m.put("kind", kind);
        m.put("files", files);
        if (!metadata.isEmpty()) m.put("metadata", metadata);
        if (!onnx.isEmpty()) m.put("onnx", onnx);
        Map<String, Object> cfg = configSummary();
        if (cfg != null) m.put("config", cfg);
        if (configProblem != null) m.put("config_problem", configProblem);
        if (layout != null) m.put("weights_vs_config", layout);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (TensorRow t : tensors) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", t.name());
            row.put("dtype", t.dtype());
            row.put("shape", t.shape());
            row.put("bytes", t.bytes());
            if (t.file() != null) row.put("file", t.file());
            if (t.origin() != null) row.put("onnx_initializer", t.origin());
            rows.add(row);
        }
        m.put("tensors", rows);
        if (!unmapped.isEmpty()) m.put("unmapped_initializers", unmapped);
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("tensors", tensors.size());
        totals.put("elements", totalElements());
        totals.put("bytes", totalBytes());
        totals.put("by_dtype", byDtype());
        m.put("totals", totals);
        return m;
    }
}
