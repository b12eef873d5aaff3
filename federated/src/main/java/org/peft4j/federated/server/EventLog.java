package org.peft4j.federated.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The server's JSON-lines log: one object per line with an "event" (round, joined, rejected, dropped, ...)
 * and a timestamp; flushed after each line so a crash loses at most the line being written. Also mirrored to
 * System.Logger at DEBUG.
 */
public final class EventLog implements Closeable {
    private static final System.Logger LOG = System.getLogger("org.peft4j.federated.server");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final BufferedWriter out;

    public EventLog(Path file) throws IOException {
        if (file.toAbsolutePath().getParent() != null) Files.createDirectories(file.toAbsolutePath().getParent());
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    public ObjectNode event(String kind) {
        ObjectNode o = JSON.createObjectNode();
        o.put("event", kind);
        o.put("time", Instant.now().toString());
        return o;
    }

    public synchronized void write(ObjectNode event) {
        String line = event.toString();
        LOG.log(System.Logger.Level.DEBUG, line);
        try {
            out.write(line);
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot append to the round log: " + e.getMessage());
        }
    }

    @Override
    public synchronized void close() throws IOException { out.close(); }
}
