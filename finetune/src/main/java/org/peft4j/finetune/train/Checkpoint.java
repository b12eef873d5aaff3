package org.peft4j.finetune.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.peft4j.autograd.Parameter;
import org.peft4j.autograd.optim.Optimizer;
import org.peft4j.tensor.Tensor;
import org.peft4j.weights.safetensors.SafetensorsFile;
import org.peft4j.weights.safetensors.SafetensorsWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A resumable training checkpoint: a folder with the trainable tensors ({@code trainable.safetensors}), the
 * optimizer state ({@code optimizer.safetensors}) and {@code trainer_state.json} (step, epoch, batch position,
 * early-stopping state, seed). The folder is built beside its final place and renamed in, so a crash leaves
 * either the previous checkpoint or the new one, never half of one. Dropout randomness needs no saved state: the
 * trainer reseeds it from (seed, micro-step) before every micro-batch.
 */
public final class Checkpoint {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Checkpoint() {}

    public static void save(Path dir, List<Parameter> params, Optimizer optimizer, TrainState state, long seed) throws IOException {
        Path parent = dir.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempDirectory(parent, dir.getFileName() + ".tmp-");
        try {
            SafetensorsWriter.write(tmp.resolve("trainable.safetensors"), values(params));
            SafetensorsWriter.write(tmp.resolve("optimizer.safetensors"), optimizer.stateDict());
            ObjectNode s = JSON.createObjectNode();
            s.put("step", state.step()).put("epoch", state.epoch()).put("batch_in_epoch", state.batchInEpoch())
                    .put("best_metric", state.bestMetric()).put("best_step", state.bestStep())
                    .put("evals_without_improvement", state.evalsWithoutImprovement()).put("seed", seed);
            Files.writeString(tmp.resolve("trainer_state.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(s));
            Path old = parent.resolve(dir.getFileName() + ".old");
            deleteTree(old);
            if (Files.exists(dir)) Files.move(dir, old, StandardCopyOption.ATOMIC_MOVE);
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(old);
        } finally {
            deleteTree(tmp);
        }
    }

    /** Restores parameter values and optimizer state in place; returns where the run stood. */
    public static TrainState load(Path dir, List<Parameter> params, Optimizer optimizer) throws IOException {
        Path stateFile = dir.resolve("trainer_state.json");
        if (!Files.exists(stateFile)) throw new NoSuchFileException(stateFile.toString(), null, "not a training checkpoint (trainer_state.json missing)");
        try (SafetensorsFile f = SafetensorsFile.open(dir.resolve("trainable.safetensors"))) {
            for (Parameter p : params) {
                if (!f.contains(p.name()))
                    throw new IOException("checkpoint " + dir + " has no tensor for trainable parameter '" + p.name() + "'");
                Tensor t = f.tensor(p.name());
                if (!Arrays.equals(t.shape(), p.shape()))
                    throw new IOException("checkpoint tensor '" + p.name() + "' has shape " + Arrays.toString(t.shape()) + ", parameter has " + Arrays.toString(p.shape()));
                float[] src = t.toFloatArray();
                Tensor v = p.value();
                System.arraycopy(src, 0, v.floatArray(), v.offset(), src.length);
            }
        }
        try (SafetensorsFile f = SafetensorsFile.open(dir.resolve("optimizer.safetensors"))) {
            Map<String, Tensor> st = new LinkedHashMap<>();
            for (String n : f.names()) st.put(n, f.tensor(n).copy());
            optimizer.loadStateDict(st);
        }
        JsonNode s = JSON.readTree(stateFile.toFile());
        return new TrainState(s.get("step").asLong(), s.get("epoch").asInt(), s.get("batch_in_epoch").asInt(),
                s.get("best_metric").asDouble(), s.get("best_step").asLong(), s.get("evals_without_improvement").asInt());
    }

    /** The trainable parameters' current values by name (copies). */
    public static Map<String, Tensor> values(List<Parameter> params) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Parameter p : params) out.put(p.name(), p.value().copy());
        return out;
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(x);
        }
    }
}
