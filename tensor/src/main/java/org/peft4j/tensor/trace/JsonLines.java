package org.peft4j.tensor.trace;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One JSON object per op:
 * {@code {"seq":0,"phase":"forward","path":"embeddings.word_embeddings","op":"embedding","grad_of":null,
 * "inputs":[{"shape":[30522,384],"dtype":"F32"},...],"outputs":[...],"flops":0,"bytes":...,"start_us":12.345,
 * "dur_us":40.1,"thread":1}}. A last line {"dropped":N} appears when the record cap was reached.
 */
final class JsonLines {
    private JsonLines() {}

    static void write(Path file, List<OpRecord> records, long dropped) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            StringBuilder sb = new StringBuilder(512);
            for (OpRecord r : records) {
                sb.setLength(0);
                line(sb, r);
                w.append(sb).append('\n');
            }
            if (dropped > 0) w.append("{\"dropped\":").append(Long.toString(dropped)).append("}\n");
        }
    }

    static void line(StringBuilder sb, OpRecord r) {
        sb.append("{\"seq\":").append(r.seq()).append(",\"phase\":");
        Json.str(sb, r.phase());
        sb.append(",\"path\":");
        Json.str(sb, r.path());
        sb.append(",\"op\":");
        Json.str(sb, r.op());
        sb.append(",\"grad_of\":");
        Json.str(sb, r.gradOf());
        sb.append(",\"inputs\":");
        Json.tensors(sb, r.inputs());
        sb.append(",\"outputs\":");
        Json.tensors(sb, r.outputs());
        sb.append(",\"flops\":").append(r.flops()).append(",\"bytes\":").append(r.bytes()).append(",\"start_us\":");
        Json.micros(sb, r.startNanos());
        sb.append(",\"dur_us\":");
        Json.micros(sb, r.durationNanos());
        sb.append(",\"thread\":").append(r.threadId()).append('}');
    }
}
