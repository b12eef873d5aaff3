package org.peft4j.weights.safetensors;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.peft4j.tensor.Tensor;

/**
 * A safetensors file mapped into memory (or an in-memory payload). Opening reads and validates only the header; a
 * tensor is a read-only {@link Tensor} view over the mapped bytes in the file's own dtype (F32, F16, BF16, ...), so a
 * file larger than the heap costs page cache, not heap. Closing unmaps the file: views obtained before become
 * unusable (reading them throws IllegalStateException), so close only when the model is done with its weights.
 * The mapping belongs to a shared arena, so views may be read from any thread (the GEMM's worker pool).
 */
public final class SafetensorsFile implements AutoCloseable {
    private final String source;
    private final Path path;
    private final Arena arena;
    private final MemorySegment bytes;
    private final SafetensorsHeader header;
    private volatile boolean closed;

    private SafetensorsFile(String source, Path path, Arena arena, MemorySegment bytes, SafetensorsHeader header) {
        this.source = source;
        this.path = path;
        this.arena = arena;
        this.bytes = bytes;
        this.header = header;
    }

    /** Maps and validates a .safetensors file. A pickle checkpoint is refused with {@link PickleCheckpointException}. */
    public static SafetensorsFile open(Path file) throws IOException {
        String source = file.toString();
        if (PickleSniffer.hasPickleName(file))
            throw new PickleCheckpointException(source, "the file name says it is a PyTorch pickle checkpoint");
        if (Files.isDirectory(file))
            throw new SafetensorsFormatException(source, null, -1, "expected a .safetensors file, found a directory (use ModelWeights.open for a model folder)");
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            MemorySegment seg = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            return new SafetensorsFile(source, file, arena, seg, SafetensorsHeader.parse(seg, source));
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /**
     * Reads an in-memory safetensors payload (e.g. a federated update) with exactly the validation of {@link #open}.
     * Tensors are views over {@code bytes} without copying, so the caller must not modify the array afterwards.
     */
    public static SafetensorsFile fromBytes(byte[] bytes) throws SafetensorsFormatException {
        return fromSegment(MemorySegment.ofArray(bytes), "<" + bytes.length + "-byte safetensors payload>");
    }

    /** Reads a safetensors buffer already in memory; {@code source} names it in error messages. Closing is a no-op. */
    public static SafetensorsFile fromSegment(MemorySegment bytes, String source) throws SafetensorsFormatException {
        return new SafetensorsFile(source, null, null, bytes, SafetensorsHeader.parse(bytes, source));
    }

    /** The file, or null for an in-memory payload. */
    public Path path() { return path; }

    /** The name used in messages: the path, or a description of the payload. */
    public String source() { return source; }

    /** Tensor names in the order of their bytes in the file. */
    public List<String> names() { return new ArrayList<>(header.tensors.keySet()); }

    public int size() { return header.tensors.size(); }

    public boolean contains(String name) { return header.tensors.containsKey(name); }

    /** dtype, shape and byte range of one tensor; throws NoSuchElementException if absent. */
    public TensorInfo info(String name) {
        TensorInfo t = header.tensors.get(name);
        if (t == null)
            throw new NoSuchElementException(source + ": no tensor named '" + name + "' (the file holds " + size() + " tensors)");
        return t;
    }

    /** All header entries in file order. */
    public Collection<TensorInfo> infos() { return header.tensors.values(); }

    /** The {@code __metadata__} map (empty when absent). */
    public Map<String, String> metadata() { return header.metadata; }

    /** A read-only view of the tensor's bytes in its stored dtype, without copying. */
    public Tensor tensor(String name) {
        TensorInfo t = info(name);
        if (t.numel() > Integer.MAX_VALUE)
            throw new UnsupportedOperationException(source + ": tensor '" + name + "' has " + t.numel()
                    + " elements; peft4j tensors hold at most 2^31-1 (read its bytes with segment(name))");
        return Tensor.ofSegment(segment(name), t.dtype(), t.shape());
    }

    /** All tensors (views) in file order. */
    public Map<String, Tensor> tensors() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (String n : header.tensors.keySet()) out.put(n, tensor(n));
        return out;
    }

    /** The raw little-endian bytes of one tensor (a slice of the mapping). */
    public MemorySegment segment(String name) {
        if (closed) throw new IllegalStateException(source + " is closed; its tensors were unmapped");
        TensorInfo t = info(name);
        return bytes.asSlice(t.fileOffset(), t.byteSize());
    }

    /** Total size of the file or payload in bytes. */
    public long byteSize() { return bytes.byteSize(); }

    /** Length of the JSON header (including its space padding), without the 8-byte prefix. */
    public long headerLength() { return header.headerLength; }

    /** Bytes of tensor data (everything after the header). */
    public long dataLength() { return header.dataLength; }

    /** Unmaps the file. Idempotent; a no-op for in-memory payloads. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (arena != null) arena.close();
    }

    @Override
    public String toString() {
        return "SafetensorsFile(" + source + ", " + size() + " tensors, " + byteSize() + " bytes)";
    }
}
