package org.peft4j.finetune.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The run's history in memory and, when a file is given, as JSON lines (one object per train/eval record). */
public final class TrainLog implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** kind is "train" or "eval"; values holds loss/lr/grad_norm/throughput or the metrics. */
    public record Entry(String kind, long step, int epoch, Map<String, Double> values) {}

    private final List<Entry> entries = new ArrayList<>();
    private final BufferedWriter out;

    public TrainLog(Path file, boolean append) {
        try {
            if (file == null) { out = null; return; }
            Files.createDirectories(file.toAbsolutePath().getParent());
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open training log " + file, e);
        }
    }

    public void add(String kind, long step, int epoch, Map<String, Double> values) {
        Entry e = new Entry(kind, step, epoch, new LinkedHashMap<>(values));
        entries.add(e);
        if (out == null) return;
        ObjectNode node = JSON.createObjectNode();
        node.put("type", kind).put("step", step).put("epoch", epoch);
        values.forEach(node::put);
        try {
            out.write(node.toString());
            out.newLine();
            out.flush();
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write training log", ex);
        }
    }

    public List<Entry> entries() { return List.copyOf(entries); }

    @Override
    public void close() {
        if (out == null) return;
        try { out.close(); } catch (IOException e) { throw new UncheckedIOException(e); }
    }
}
