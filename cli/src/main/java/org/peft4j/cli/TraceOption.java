package org.peft4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.peft4j.tensor.trace.Trace;
import picocli.CommandLine.Option;

/**
 * The {@code --trace DIR} option of the commands that run models (a picocli mixin: {@code @Mixin TraceOption trace}).
 * With it, the command's model work runs under an op {@link Trace}; afterwards DIR holds
 * <ul>
 *   <li>{@code summary.txt}: per op type count, time, GFLOP/s and share of the traced time (also printed to stderr),</li>
 *   <li>{@code tree.txt}: the module tree with every module's ops, shapes, FLOPs and time,</li>
 *   <li>{@code ops.jsonl}: one JSON object per op,</li>
 *   <li>{@code trace.json}: Chrome trace-event JSON for chrome://tracing or ui.perfetto.dev.</li>
 * </ul>
 */
public final class TraceOption {
    @Option(names = "--trace", paramLabel = "DIR",
            description = "trace every op of the run: write summary.txt, tree.txt, ops.jsonl and trace.json (Chrome/Perfetto) into DIR")
    Path dir;

    @Option(names = "--trace-max-records", paramLabel = "N", defaultValue = "" + Trace.DEFAULT_MAX_RECORDS,
            description = "raw op records kept for ops.jsonl and trace.json (statistics stay exact beyond it; default ${DEFAULT-VALUE})")
    int maxRecords;

    public boolean enabled() { return dir != null; }

    public Path dir() { return dir; }

    /** Runs body under a trace when --trace was given (else just runs it), then writes the trace files. */
    public <T> T traced(Callable<T> body) throws Exception {
        return traced(body, System.err);
    }

    /** As {@link #traced(Callable)}, printing the summary to log. */
    public <T> T traced(Callable<T> body, PrintStream log) throws Exception {
        if (dir == null) return body.call();
        if (maxRecords < 0) throw new IllegalArgumentException("--trace-max-records must be >= 0, found " + maxRecords);
        T result;
        Trace t = Trace.start(maxRecords);
        try (t) {
            result = body.call();
        }
        write(t, dir, log);
        return result;
    }

    /** Writes the four files of a closed trace into dir and prints the summary table to log. */
    public static void write(Trace t, Path dir, PrintStream log) throws IOException {
        Files.createDirectories(dir);
        String summary = t.summary().table();
        Files.writeString(dir.resolve("summary.txt"), summary);
        Files.writeString(dir.resolve("tree.txt"), t.tree());
        t.writeJsonLines(dir.resolve("ops.jsonl"));
        t.writeChromeTrace(dir.resolve("trace.json"));
        log.print(summary);
        log.println("trace of " + t.opCount() + " ops written to " + dir + " (open trace.json in ui.perfetto.dev or chrome://tracing)"
                + (t.droppedRecords() > 0 ? "; the last " + t.droppedRecords() + " ops are in the statistics only (--trace-max-records)" : ""));
    }
}
