package org.peft4j.federated.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.peft4j.tensor.Tensor;
import org.peft4j.weights.safetensors.SafetensorsFile;
import org.peft4j.weights.safetensors.SafetensorsWriter;

/**
 * The global adapter after the last completed round, as {@code global.safetensors} with the round number in its
 * metadata. SafetensorsWriter writes a temporary file, forces it to disk and renames it over the old one, so a
 * crash at any moment leaves either the previous or the new checkpoint, never a torn one.
 */
public final class CheckpointStore {
    public static final String FILE = "global.safetensors";
    static final String ROUND_KEY = "peft4j.round";

    private final Path dir;

    public CheckpointStore(Path dir) { this.dir = dir; }

    public record Checkpoint(int round, Map<String, Tensor> global) {}

    public void save(int round, Map<String, Tensor> global) throws IOException {
        Files.createDirectories(dir);
        SafetensorsWriter.write(dir.resolve(FILE), global, Map.of("format", "pt", ROUND_KEY, Integer.toString(round)));
    }

    /** The last checkpoint, copied onto the heap (the file is unmapped before returning). */
    public Optional<Checkpoint> load() throws IOException {
        Path f = dir.resolve(FILE);
        if (!Files.exists(f)) return Optional.empty();
        try (SafetensorsFile file = SafetensorsFile.open(f)) {
            String round = file.metadata().get(ROUND_KEY);
            if (round == null || !round.matches("\\d{1,9}"))
                throw new IOException(f + ": not a valid checkpoint: metadata '" + ROUND_KEY + "' is missing or not a round number: " + round);
            Map<String, Tensor> heap = new TreeMap<>();
            file.tensors().forEach((name, t) -> heap.put(name, t.copy()));
            return Optional.of(new Checkpoint(Integer.parseInt(round), heap));
        } catch (org.peft4j.weights.WeightsFormatException e) {
            throw new IOException(f + ": not a valid checkpoint: " + e.getMessage(), e);
        }
    }
}
