package org.peft4j.weights.safetensors;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.peft4j.tensor.Device;
import org.peft4j.tensor.Tensor;

/**
 * Writes tensors in the safetensors format byte for byte as the Python library does (see {@link SafetensorsLayout}),
 * each tensor in its own dtype. Files are written atomically: a temporary file in the same directory, fsync, rename
 * over the target, fsync of the directory; a failure leaves the old file (or none) and no partial file behind.
 */
public final class SafetensorsWriter {
    private SafetensorsWriter() {}

    /** Writes {@code tensors} (any order; the file order is the format's) with optional {@code __metadata__} (null = none). */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        SafetensorsLayout layout = SafetensorsLayout.of(onCpu(tensors), metadata);
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteSink sink = ByteSink.intoChannel(ch);
                writeAll(layout, sink);
                sink.flush();
                if (ch.size() != layout.totalLength())
                    throw new IOException("wrote " + ch.size() + " bytes to " + tmp + ", expected " + layout.totalLength());
                ch.force(true);
            }
            moveAtomically(tmp, target);
        } catch (IOException | RuntimeException | Error e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        fsyncDirectory(dir);
    }

    public static void write(Path file, Map<String, Tensor> tensors) throws IOException {
        write(file, tensors, null);
    }

    /** The bytes {@link #write} would put in a file (for federated payloads). */
    public static byte[] toBytes(Map<String, Tensor> tensors, Map<String, String> metadata) {
        SafetensorsLayout layout = SafetensorsLayout.of(onCpu(tensors), metadata);
        if (layout.totalLength() > Integer.MAX_VALUE - 8)
            throw new IllegalArgumentException("safetensors payload of " + layout.totalLength() + " bytes does not fit a Java array; write a file instead");
        byte[] out = new byte[(int) layout.totalLength()];
        try {
            writeAll(layout, ByteSink.intoArray(out));
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
        return out;
    }

    /**
     * Reads a payload made by {@link #toBytes}, validated exactly as a file: tensors in file order, as views over
     * {@code payload} (no copy). Same as {@code SafetensorsFile.fromBytes(payload).tensors()}.
     */
    public static Map<String, Tensor> fromBytes(byte[] payload) throws SafetensorsFormatException {
        return SafetensorsFile.fromBytes(payload).tensors();
    }

    private static void writeAll(SafetensorsLayout layout, ByteSink sink) throws IOException {
        sink.put(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(layout.header.length).array());
        sink.put(layout.header);
        for (SafetensorsLayout.Slot s : layout.slots) TensorEncoder.encode(s.tensor(), sink);
    }

    private static Map<String, Tensor> onCpu(Map<String, Tensor> tensors) {
        for (Tensor t : tensors.values()) {
            if (t != null && !t.device().isCpu()) {
                Map<String, Tensor> copy = new java.util.LinkedHashMap<>();
                tensors.forEach((k, v) -> copy.put(k, v == null ? null : v.to(Device.CPU)));
                return copy;
            }
        }
        return tensors;
    }

    private static void moveAtomically(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot write " + target + " atomically: the file system does not support atomic rename", e);
        }
    }

    /** Makes the rename durable. Not every platform lets a directory be opened for fsync; there it is skipped. */
    static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // best effort: e.g. Windows cannot open directories as channels
        }
    }
}
