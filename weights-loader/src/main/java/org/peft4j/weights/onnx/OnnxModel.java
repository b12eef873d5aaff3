package org.peft4j.weights.onnx;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.peft4j.tensor.DType;
import org.peft4j.tensor.Shapes;
import org.peft4j.tensor.Tensor;

/**
 * The parts of an .onnx file that carry weights (read-only): ModelProto.graph's initializers and its node list,
 * parsed by a hand-written protobuf reader over the memory-mapped file, so raw tensor bytes become
 * {@link Tensor} views without copying. Nothing is executed; this is not an ONNX runtime.
 */
public final class OnnxModel implements AutoCloseable {
    private final String source;
    private final Path dir;
    private final Arena arena;
    private final long irVersion;
    private final String producer;
    private final Map<String, Long> opsets;
    private final String graphName;
    private final Map<String, OnnxInitializer> initializers;
    private final List<OnnxNode> nodes;
    private final List<String> inputs;
    private final List<String> outputs;
    private final Map<String, MemorySegment> externalFiles = new HashMap<>();
    private boolean closed;

    private OnnxModel(String source, Path dir, Arena arena, long irVersion, String producer, Map<String, Long> opsets,
                      String graphName, Map<String, OnnxInitializer> initializers, List<OnnxNode> nodes,
                      List<String> inputs, List<String> outputs) {
        this.source = source;
        this.dir = dir;
        this.arena = arena;
        this.irVersion = irVersion;
        this.producer = producer;
        this.opsets = Collections.unmodifiableMap(opsets);
        this.graphName = graphName;
        this.initializers = Collections.unmodifiableMap(initializers);
        this.nodes = List.copyOf(nodes);
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
    }

    /** Maps and parses an .onnx file. */
    public static OnnxModel open(Path file) throws IOException {
        String source = file.toString();
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            MemorySegment seg = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            return parse(seg, source, file.toAbsolutePath().getParent(), arena);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /**
     * Parses an .onnx file already in memory; {@code source} names it in messages. Tensors are views over
     * {@code bytes}; external data cannot be resolved (there is no folder) and is refused.
     */
    public static OnnxModel fromBytes(byte[] bytes, String source) throws OnnxFormatException {
        return parse(MemorySegment.ofArray(bytes), source, null, null);
    }

    private static OnnxModel parse(MemorySegment seg, String source, Path dir, Arena arena) throws OnnxFormatException {
        ProtoReader model = new ProtoReader(seg, 0, seg.byteSize(), source);
        long ir = 0;
        String producerName = "", producerVersion = "";
        Map<String, Long> opsets = new LinkedHashMap<>();
        ProtoReader graph = null;
        while (model.hasMore()) {
            switch (model.nextField()) {
                case 1 -> ir = model.int64();
                case 2 -> producerName = model.string();
                case 3 -> producerVersion = model.string();
                case 7 -> graph = model.message();
                case 8 -> {
                    ProtoReader op = model.message();
                    String domain = "";
                    long version = 0;
                    while (op.hasMore()) {
                        int f = op.nextField();
                        if (f == 1) domain = op.string(); else if (f == 2) version = op.int64(); else op.skip();
                    }
                    opsets.put(domain, version);
                }
                default -> model.skip();
            }
        }
        if (graph == null) throw new OnnxFormatException(source, null, 0, "expected an ONNX ModelProto with a graph (field 7), found none");
        String graphName = "";
        Map<String, OnnxInitializer> inits = new LinkedHashMap<>();
        List<OnnxNode> nodes = new ArrayList<>();
        List<String> inputs = new ArrayList<>(), outputs = new ArrayList<>();
        while (graph.hasMore()) {
            switch (graph.nextField()) {
                case 1 -> nodes.add(node(graph.message()));
                case 2 -> graphName = graph.string();
                case 5 -> {
                    long at = graph.position();
                    OnnxInitializer t = OnnxInitializer.read(graph.message());
                    if (inits.putIfAbsent(t.name, t) != null)
                        throw new OnnxFormatException(source, t.name, at, "two initializers share this name");
                }
                case 11 -> inputs.add(valueInfoName(graph.message()));
                case 12 -> outputs.add(valueInfoName(graph.message()));
                default -> graph.skip();
            }
        }
        return new OnnxModel(source, dir, arena, ir, (producerName + " " + producerVersion).trim(), opsets, graphName, inits, nodes, inputs, outputs);
    }

    private static OnnxNode node(ProtoReader r) throws OnnxFormatException {
        List<String> in = new ArrayList<>(), out = new ArrayList<>();
        String name = "", op = "", domain = "";
        Map<String, OnnxAttribute> attrs = new HashMap<>();
        while (r.hasMore()) {
            switch (r.nextField()) {
                case 1 -> in.add(r.string());
                case 2 -> out.add(r.string());
                case 3 -> name = r.string();
                case 4 -> op = r.string();
                case 5 -> { OnnxAttribute a = attribute(r.message()); attrs.put(a.name(), a); }
                case 7 -> domain = r.string();
                default -> r.skip();
            }
        }
        return new OnnxNode(name, op, domain, in, out, attrs);
    }

    private static OnnxAttribute attribute(ProtoReader r) throws OnnxFormatException {
        String name = "", s = null;
        long i = 0;
        float f = 0;
        long[] ints = new long[0];
        while (r.hasMore()) {
            switch (r.nextField()) {
                case 1 -> name = r.string();
                case 2 -> f = Float.intBitsToFloat(r.fixed32());
                case 3 -> i = r.int64();
                case 4 -> s = r.string();
                case 8 -> {
                    long[] more = OnnxInitializer.varints(r, 1 << 20);
                    long[] all = java.util.Arrays.copyOf(ints, ints.length + more.length);
                    System.arraycopy(more, 0, all, ints.length, more.length);
                    ints = all;
                }
                default -> r.skip();
            }
        }
        return new OnnxAttribute(name, i, f, s, ints);
    }

    private static String valueInfoName(ProtoReader r) throws OnnxFormatException {
        String name = "";
        while (r.hasMore()) {
            if (r.nextField() == 1) name = r.string(); else r.skip();
        }
        return name;
    }

    // ---------------------------------------------------------------- accessors

    public String source() { return source; }

    public long irVersion() { return irVersion; }

    /** producer_name and producer_version, e.g. "pytorch 1.13.0". */
    public String producer() { return producer; }

    /** Operator set versions by domain ("" is the default ONNX domain). */
    public Map<String, Long> opsets() { return opsets; }

    public String graphName() { return graphName; }

    /** Initializers by name, in file order. */
    public Map<String, OnnxInitializer> initializers() { return initializers; }

    public List<OnnxNode> nodes() { return nodes; }

    /** Names of the graph's inputs (may include initializers for old exporters) and outputs. */
    public List<String> inputs() { return inputs; }

    public List<String> outputs() { return outputs; }

    public OnnxInitializer initializer(String name) {
        OnnxInitializer t = initializers.get(name);
        if (t == null) throw new NoSuchElementException(source + ": no initializer named '" + name + "'");
        return t;
    }

    /**
     * An initializer as a read-only tensor in its own dtype: a view over the mapped file for raw_data and external
     * data, over a heap copy for the typed repeated fields.
     */
    public synchronized Tensor tensor(String name) throws IOException {
        if (closed) throw new IllegalStateException(source + " is closed; its tensors were unmapped");
        OnnxInitializer t = initializer(name);
        DType dtype = t.dtype();
        if (dtype == null)
            throw new OnnxFormatException(source, name, t.protoOffset, "element type " + t.dataTypeName() + " has no peft4j dtype");
        int[] shape = new int[t.dims.length];
        for (int i = 0; i < shape.length; i++) {
            if (t.dims[i] < 0 || t.dims[i] > Integer.MAX_VALUE)
                throw new OnnxFormatException(source, name, t.protoOffset, "dimension " + t.dims[i] + " is out of range");
            shape[i] = (int) t.dims[i];
        }
        long need;
        try {
            need = (long) Shapes.numel(shape) * dtype.byteSize();
        } catch (IllegalArgumentException tooBig) {
            throw new OnnxFormatException(source, name, t.protoOffset, "dims " + java.util.Arrays.toString(t.dims) + " hold more than 2^31-1 elements");
        }
        MemorySegment data;
        if (t.raw != null) data = t.raw;
        else if (t.typed != null) data = MemorySegment.ofArray(t.typed);
        else if (t.externalLocation != null) data = external(t, need);
        else data = MemorySegment.ofArray(new byte[0]);
        if (data.byteSize() != need)
            throw new OnnxFormatException(source, name, t.protoOffset, t.dataTypeName() + " dims " + java.util.Arrays.toString(t.dims)
                    + " need " + need + " bytes, the tensor holds " + data.byteSize());
        return Tensor.ofSegment(data, dtype, shape);
    }

    private MemorySegment external(OnnxInitializer t, long need) throws IOException {
        if (dir == null)
            throw new OnnxFormatException(source, t.name, t.protoOffset, "external data '" + t.externalLocation + "' needs the model's folder; open the .onnx file instead");
        Path rel = Path.of(t.externalLocation);
        if (rel.isAbsolute() || rel.normalize().startsWith("..") || t.externalLocation.isEmpty())
            throw new OnnxFormatException(source, t.name, t.protoOffset, "external data location '" + t.externalLocation
                    + "' must be a relative path inside the model's folder");
        MemorySegment file = externalFiles.get(t.externalLocation);
        if (file == null) {
            Path p = dir.resolve(rel);
            if (!Files.isRegularFile(p))
                throw new OnnxFormatException(source, t.name, t.protoOffset, "external data file " + p + " is missing");
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
                file = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            }
            externalFiles.put(t.externalLocation, file);
        }
        long len = t.externalLength >= 0 ? t.externalLength : need;
        if (t.externalOffset > file.byteSize() || len > file.byteSize() - t.externalOffset)
            throw new OnnxFormatException(source, t.name, t.protoOffset, "external data [" + t.externalOffset + ", +" + len
                    + ") runs past the end of " + t.externalLocation + " (" + file.byteSize() + " bytes)");
        return file.asSlice(t.externalOffset, len);
    }

    /** Unmaps the file (and external data); tensors obtained before become unusable. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        if (arena != null) arena.close();
    }
}
