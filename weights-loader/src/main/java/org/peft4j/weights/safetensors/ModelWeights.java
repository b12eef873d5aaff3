package org.peft4j.weights.safetensors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.Stream;
import org.peft4j.tensor.Tensor;

/**
 * The weights of a model: one safetensors file or the shards of a sharded checkpoint, seen as one name → tensor
 * map. All tensors are views over the mapped files (see {@link SafetensorsFile}); closing unmaps every shard.
 */
public final class ModelWeights implements AutoCloseable {
    public static final String SINGLE_FILE = "model.safetensors";
    public static final String INDEX_FILE = "model.safetensors.index.json";

    private final String source;
    private final List<SafetensorsFile> files;
    private final Map<String, SafetensorsFile> byName;

    private ModelWeights(String source, List<SafetensorsFile> files, Map<String, SafetensorsFile> byName) {
        this.source = source;
        this.files = List.copyOf(files);
        this.byName = Collections.unmodifiableMap(byName);
    }

    /**
     * Opens a model folder (model.safetensors, else model.safetensors.index.json and its shards, else the folder's
     * only *.safetensors), a .safetensors file, or a *.safetensors.index.json. PyTorch pickle checkpoints
     * (pytorch_model.bin, *.pt, ...) are refused with {@link PickleCheckpointException}, which says how to convert.
     */
    public static ModelWeights open(Path path) throws IOException {
        if (Files.isDirectory(path)) return openFolder(path);
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        if (!Files.exists(path)) throw new java.nio.file.NoSuchFileException(path.toString(), null, "no such weights file or model folder");
        if (name.endsWith(".index.json")) {
            if (!name.endsWith(".safetensors.index.json"))
                throw new PickleCheckpointException(path.toString(), "this index lists PyTorch pickle shards, not safetensors");
            return openSharded(path);
        }
        return of(SafetensorsFile.open(path));
    }

    /** A view over files already open (takes ownership: closing the result closes them). */
    public static ModelWeights of(SafetensorsFile... files) throws SafetensorsFormatException {
        Map<String, SafetensorsFile> byName = new LinkedHashMap<>();
        for (SafetensorsFile f : files) {
            for (String n : f.names()) {
                SafetensorsFile other = byName.putIfAbsent(n, f);
                if (other != null)
                    throw new SafetensorsFormatException(f.source(), n, f.info(n).fileOffset(), "tensor also present in " + other.source());
            }
        }
        return new ModelWeights(files.length == 1 ? files[0].source() : files.length + " files", List.of(files), byName);
    }

    private static ModelWeights openFolder(Path dir) throws IOException {
        if (Files.isRegularFile(dir.resolve(SINGLE_FILE))) return of(SafetensorsFile.open(dir.resolve(SINGLE_FILE)));
        if (Files.isRegularFile(dir.resolve(INDEX_FILE))) return openSharded(dir.resolve(INDEX_FILE));
        List<Path> safetensors = new ArrayList<>(), indexes = new ArrayList<>(), pickles = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.sorted().toList()) {
                String n = p.getFileName().toString();
                if (n.endsWith(".safetensors.index.json")) indexes.add(p);
                else if (n.endsWith(".safetensors")) safetensors.add(p);
                else if (PickleSniffer.hasPickleName(p) || n.equals("pytorch_model.bin.index.json")) pickles.add(p);
            }
        }
        if (indexes.size() == 1) return openSharded(indexes.get(0));
        if (indexes.isEmpty() && safetensors.size() == 1) return of(SafetensorsFile.open(safetensors.get(0)));
        if (indexes.isEmpty() && safetensors.isEmpty() && !pickles.isEmpty())
            throw new PickleCheckpointException(dir.toString(), "the folder holds only PyTorch pickle weights ("
                    + pickles.get(0).getFileName() + (pickles.size() > 1 ? " and " + (pickles.size() - 1) + " more" : "") + ")");
        throw new SafetensorsFormatException(dir.toString(), null, -1, "expected " + SINGLE_FILE + " or " + INDEX_FILE
                + ", found " + (safetensors.size() + indexes.size() == 0 ? "no safetensors files"
                : safetensors.size() + " .safetensors files and " + indexes.size() + " indexes (ambiguous; open one file directly)"));
    }

    private static ModelWeights openSharded(Path indexFile) throws IOException {
        ShardIndex index = ShardIndex.read(indexFile);
        Path dir = indexFile.toAbsolutePath().getParent();
        List<SafetensorsFile> opened = new ArrayList<>();
        try {
            for (String shard : index.shards()) {
                Path p = dir.resolve(shard);
                if (!Files.isRegularFile(p)) {
                    long refs = index.weightMap().values().stream().filter(shard::equals).count();
                    String first = index.weightMap().entrySet().stream().filter(e -> e.getValue().equals(shard)).findFirst().orElseThrow().getKey();
                    throw new SafetensorsFormatException(indexFile.toString(), first, -1, "shard '" + shard + "' is missing from "
                            + dir + " (the index puts " + refs + " tensors there)");
                }
                opened.add(SafetensorsFile.open(p));
            }
            ModelWeights w = of(opened.toArray(SafetensorsFile[]::new));
            for (Map.Entry<String, String> e : index.weightMap().entrySet()) {
                SafetensorsFile f = w.byName.get(e.getKey());
                if (f == null)
                    throw new SafetensorsFormatException(indexFile.toString(), e.getKey(), -1, "the index puts this tensor in '"
                            + e.getValue() + "' but no shard holds it");
                if (!f.path().getFileName().toString().equals(e.getValue()))
                    throw new SafetensorsFormatException(indexFile.toString(), e.getKey(), -1, "the index puts this tensor in '"
                            + e.getValue() + "' but it is in '" + f.path().getFileName() + "'");
            }
            return new ModelWeights(indexFile.toString(), w.files, w.byName);
        } catch (IOException | RuntimeException e) {
            opened.forEach(SafetensorsFile::close);
            throw e;
        }
    }

    /** The file, folder or index this was opened from. */
    public String source() { return source; }

    /** The open files (one, or the shards in index order). */
    public List<SafetensorsFile> files() { return files; }

    /** Every tensor name, shard by shard, in file order. */
    public List<String> names() { return new ArrayList<>(byName.keySet()); }

    public int size() { return byName.size(); }

    public boolean contains(String name) { return byName.containsKey(name); }

    public TensorInfo info(String name) { return fileOf(name).info(name); }

    /** A read-only view of the tensor in its stored dtype. */
    public Tensor tensor(String name) { return fileOf(name).tensor(name); }

    /** All tensors (views), shard by shard, in file order. */
    public Map<String, Tensor> tensors() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (String n : byName.keySet()) out.put(n, tensor(n));
        return out;
    }

    /** The file holding a tensor. */
    public SafetensorsFile fileOf(String name) {
        SafetensorsFile f = byName.get(name);
        if (f == null) throw new NoSuchElementException(source + ": no tensor named '" + name + "' (" + size() + " tensors)");
        return f;
    }

    /** The {@code __metadata__} of the first file (Hugging Face writes {"format": "pt"} in every shard). */
    public Map<String, String> metadata() { return files.isEmpty() ? Map.of() : files.get(0).metadata(); }

    /** Sum of all tensors' data bytes. */
    public long dataBytes() {
        long n = 0;
        for (SafetensorsFile f : files) n += f.dataLength();
        return n;
    }

    @Override
    public void close() {
        files.forEach(SafetensorsFile::close);
    }

    @Override
    public String toString() { return "ModelWeights(" + source + ", " + size() + " tensors in " + files.size() + " files)"; }
}
