package org.peft4j.federated.partition;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes one file per client (the input's header, then the client's rows in their original order, same
 * columns, same extension) and a partition.json manifest. Each file is written to a temporary name, forced to
 * disk and renamed, so a crash never leaves a half-written client file.
 */
public final class PartitionFiles {
    private PartitionFiles() {}

    /** Returns the written client files in client order. */
    public static List<Path> write(LabeledLines data, Partition p, Path dir, String extension, Map<String, Object> description) throws IOException {
        Files.createDirectories(dir);
        int digits = Math.max(2, String.valueOf(p.clientCount() - 1).length());
        List<Path> files = new ArrayList<>();
        for (int c = 0; c < p.clientCount(); c++) {
            Path f = dir.resolve(String.format("client-%0" + digits + "d%s", c, extension));
            Path tmp = dir.resolve(f.getFileName() + ".tmp");
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                if (data.header() != null) w.write(data.header() + "\n");
                for (int i : p.indices(c)) w.write(data.rows().get(i) + "\n");
            }
            fsync(tmp);
            Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            files.add(f);
        }
        ObjectMapper json = new ObjectMapper();
        ObjectNode manifest = json.createObjectNode();
        description.forEach((k, v) -> manifest.set(k, json.valueToTree(v)));
        manifest.put("clients", p.clientCount());
        manifest.put("samples", data.size());
        ArrayNode clients = manifest.putArray("files");
        LabelHistogram h = data.hasLabels() ? LabelHistogram.of(p, data.classIds(), data.classNames()) : null;
        if (h != null) {
            ArrayNode names = manifest.putArray("classes");
            data.classNames().forEach(names::add);
        }
        for (int c = 0; c < p.clientCount(); c++) {
            ObjectNode o = clients.addObject();
            o.put("file", files.get(c).getFileName().toString());
            o.put("samples", p.size(c));
            if (h != null) {
                ArrayNode counts = o.putArray("label_counts");
                for (long v : h.row(c)) counts.add(v);
            }
        }
        Path m = dir.resolve("partition.json");
        Path tmp = dir.resolve("partition.json.tmp");
        Files.writeString(tmp, json.writerWithDefaultPrettyPrinter().writeValueAsString(manifest) + "\n", StandardCharsets.UTF_8);
        fsync(tmp);
        Files.move(tmp, m, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return files;
    }

    static void fsync(Path f) throws IOException {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }
}
