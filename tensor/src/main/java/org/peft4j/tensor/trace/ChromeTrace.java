package org.peft4j.tensor.trace;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the Chrome trace-event format (the JSON object form with "traceEvents"), which chrome://tracing and
 * ui.perfetto.dev open. Each op is a complete ("X") event; around the ops of each thread the writer nests spans
 * for the phase and for every module path level, each span running from its first op's start to its last op's end
 * (so a span shows where a module's ops ran, gaps included). Op events carry path, shapes, FLOPs and bytes in args.
 */
final class ChromeTrace {
    private ChromeTrace() {}

    private record Span(String key, String name, String category, long start, long[] end) {}

    static void write(Path file, List<OpRecord> records, long dropped) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Map<Long, List<OpRecord>> byThread = new LinkedHashMap<>();
        Map<Long, String> names = new LinkedHashMap<>();
        for (OpRecord r : records) {
            byThread.computeIfAbsent(r.threadId(), k -> new ArrayList<>()).add(r);
            names.putIfAbsent(r.threadId(), r.threadName());
        }
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.append("{\"displayTimeUnit\":\"ms\",\"otherData\":{\"producer\":\"peft4j Trace\",\"dropped_records\":")
                    .append(Long.toString(dropped)).append("},\"traceEvents\":[\n");
            StringBuilder sb = new StringBuilder(512);
            sb.append("{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":1,\"tid\":0,\"args\":{\"name\":\"peft4j\"}}");
            for (Map.Entry<Long, String> t : names.entrySet()) {
                sb.append(",\n{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":1,\"tid\":").append(t.getKey()).append(",\"args\":{\"name\":");
                Json.str(sb, t.getValue());
                sb.append("}}");
            }
            w.append(sb);
            for (Map.Entry<Long, List<OpRecord>> t : byThread.entrySet()) {
                List<OpRecord> ops = new ArrayList<>(t.getValue());
                ops.sort(Comparator.comparingLong(OpRecord::startNanos).thenComparingLong(OpRecord::seq));
                writeThread(w, t.getKey(), ops);
            }
            w.append("\n]}\n");
        }
    }

    private static void writeThread(BufferedWriter w, long tid, List<OpRecord> ops) throws IOException {
        List<Span> open = new ArrayList<>();
        StringBuilder sb = new StringBuilder(512);
        for (OpRecord r : ops) {
            List<String[]> chain = chain(r); // {key, name, category}
            int common = 0;
            while (common < open.size() && common < chain.size() && open.get(common).key().equals(chain.get(common)[0])) common++;
            for (int i = open.size() - 1; i >= common; i--) emitSpan(w, sb, tid, open.remove(i));
            for (Span s : open) s.end()[0] = Math.max(s.end()[0], r.endNanos());
            for (int i = common; i < chain.size(); i++) {
                String[] c = chain.get(i);
                open.add(new Span(c[0], c[1], c[2], r.startNanos(), new long[]{r.endNanos()}));
            }
            emitOp(w, sb, tid, r);
        }
        for (int i = open.size() - 1; i >= 0; i--) emitSpan(w, sb, tid, open.get(i));
    }

    /** The nested spans an op sits in: its phase, then each prefix of its module path. */
    private static List<String[]> chain(OpRecord r) {
        List<String[]> out = new ArrayList<>();
        out.add(new String[]{r.phase(), r.phase(), "phase"});
        StringBuilder key = new StringBuilder(r.phase());
        StringBuilder path = new StringBuilder();
        for (String seg : TraceTree.segments(r.path())) {
            key.append('/').append(seg);
            path.append(path.isEmpty() ? "" : ".").append(seg);
            out.add(new String[]{key.toString(), path.toString(), "module"});
        }
        return out;
    }

    private static void emitSpan(BufferedWriter w, StringBuilder sb, long tid, Span s) throws IOException {
        sb.setLength(0);
        sb.append(",\n{\"name\":");
        Json.str(sb, s.name());
        sb.append(",\"cat\":\"").append(s.category()).append("\",\"ph\":\"X\",\"pid\":1,\"tid\":").append(tid).append(",\"ts\":");
        Json.micros(sb, s.start());
        sb.append(",\"dur\":");
        Json.micros(sb, s.end()[0] - s.start());
        sb.append('}');
        w.append(sb);
    }

    private static void emitOp(BufferedWriter w, StringBuilder sb, long tid, OpRecord r) throws IOException {
        sb.setLength(0);
        sb.append(",\n{\"name\":");
        Json.str(sb, r.op());
        sb.append(",\"cat\":\"op\",\"ph\":\"X\",\"pid\":1,\"tid\":").append(tid).append(",\"ts\":");
        Json.micros(sb, r.startNanos());
        sb.append(",\"dur\":");
        Json.micros(sb, r.durationNanos());
        sb.append(",\"args\":{\"path\":");
        Json.str(sb, r.path());
        if (r.gradOf() != null) {
            sb.append(",\"grad_of\":");
            Json.str(sb, r.gradOf());
        }
        sb.append(",\"inputs\":");
        Json.tensors(sb, r.inputs());
        sb.append(",\"outputs\":");
        Json.tensors(sb, r.outputs());
        sb.append(",\"flops\":").append(r.flops()).append(",\"bytes\":").append(r.bytes()).append("}}");
        w.append(sb);
    }
}
