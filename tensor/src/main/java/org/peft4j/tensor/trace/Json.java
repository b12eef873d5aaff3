package org.peft4j.tensor.trace;

import java.util.List;
import java.util.Locale;

/** The little JSON the trace writers need (the tensor module has no JSON library). */
final class Json {
    private Json() {}

    static void str(StringBuilder sb, String s) {
        if (s == null) {
            sb.append("null");
            return;
        }
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }

    /** Microseconds with nanosecond resolution, as the Chrome format takes them. */
    static void micros(StringBuilder sb, long nanos) {
        sb.append(nanos / 1000).append('.');
        String frac = Long.toString(Math.abs(nanos % 1000));
        sb.append("0".repeat(3 - frac.length())).append(frac);
    }

    /** [{"shape":[1,8,384],"dtype":"F32"}, ...] */
    static void tensors(StringBuilder sb, List<TensorInfo> ts) {
        sb.append('[');
        for (int i = 0; i < ts.size(); i++) {
            if (i > 0) sb.append(',');
            TensorInfo t = ts.get(i);
            sb.append("{\"shape\":[");
            int[] s = t.shape();
            for (int j = 0; j < s.length; j++) sb.append(j == 0 ? "" : ",").append(s[j]);
            sb.append("],\"dtype\":\"").append(t.dtype()).append("\"}");
        }
        sb.append(']');
    }
}
