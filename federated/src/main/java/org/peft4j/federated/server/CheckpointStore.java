package org.peft4j.federated.server;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import org.peft4j.federated.protocol.SafetensorsCodec;
import org.peft4j.federated.protocol.TensorFormatException;
import org.peft4j.tensor.Tensor;

/**
 * The global adapter after the last completed round, as {@code global.safetensors} with the round number in its
 * metadata. Written to a temporary file, forced to disk, renamed over the old one and the directory forced, so
 * a crash at any moment leaves either the previous or the new checkpoint, never a torn one.
 */
public final class CheckpointStore {
    public static final String FILE = "global.safetensors";
    private static final int MAX_HEADER = 16 << 20;

    private final Path dir;
    private final SafetensorsCodec codec = new SafetensorsCodec(MAX_HEADER);

    public CheckpointStore(Path dir) { this.dir = dir; }

    public record Checkpoint(int round, Map<String, Tensor> global) {}

    public void save(int round, Map<String, Tensor> global) throws IOException {
        Files.createDirectories(dir);
        byte[] bytes = codec.encode(global, Map.of("format", "pt", "peft4j.round", Integer.toString(round)));
        Path tmp = dir.resolve(FILE + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) ch.write(b);
            ch.force(true);
        }
        Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true); // make the rename itself durable
        } catch (IOException e) {
            // some file systems cannot open directories for sync; the rename is still atomic
        }
    }

    public Optional<Checkpoint> load() throws IOException {
        Path f = dir.resolve(FILE);
        if (!Files.exists(f)) return Optional.empty();
        byte[] bytes = Files.readAllBytes(f);
        try {
            Map<String, String> meta = codec.decodeMetadata(bytes, 0, bytes.length);
            String round = meta.get("peft4j.round");
            if (round == null || !round.matches("\\d{1,9}")) throw new IOException(f + ": metadata 'peft4j.round' missing or not a round number: " + round);
            return Optional.of(new Checkpoint(Integer.parseInt(round), codec.decode(bytes, 0, bytes.length)));
        } catch (TensorFormatException e) {
            throw new IOException(f + ": not a valid checkpoint: " + e.getMessage(), e);
        }
    }
}
