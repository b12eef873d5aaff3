package org.peft4j.cli.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.util.Map;

/** One JSON object per line on stdout, the format the peer scripts print, so results can be joined line by line. */
public final class BenchOutput {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BenchOutput() {}

    /** Prints fields (in insertion order: pass a LinkedHashMap) as one JSON line. */
    public static void printLine(PrintStream out, Map<String, Object> fields) {
        try {
            out.println(JSON.writeValueAsString(fields));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("bench result is not serialisable as JSON: " + fields, e);
        }
    }
}
