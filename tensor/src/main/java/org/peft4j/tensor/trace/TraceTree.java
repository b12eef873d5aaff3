package org.peft4j.tensor.trace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders site statistics as an indented tree: phase, then the module path one segment a level (a list index
 * stays with its list: {@code layer.3}), each module with its subtree's time and FLOPs and, under it, its own ops
 * with operand shapes, repeat count, FLOPs and time. Modules and ops appear in the order they first ran.
 */
final class TraceTree {
    private TraceTree() {}

    private static final class Node {
        final String name;
        final Map<String, Node> children = new LinkedHashMap<>();
        final List<Map.Entry<Trace.Site, OpStats>> ops = new ArrayList<>();
        final OpStats total = new OpStats();

        Node(String name) { this.name = name; }

        Node child(String n) { return children.computeIfAbsent(n, Node::new); }
    }

    static String render(Map<Trace.Site, OpStats> sites, long wallNanos) {
        Node root = new Node("");
        for (Map.Entry<Trace.Site, OpStats> e : sites.entrySet()) {
            Trace.Site s = e.getKey();
            Node n = root.child(s.phase());
            n.total.add(e.getValue());
            for (String seg : segments(s.path())) {
                n = n.child(seg);
                n.total.add(e.getValue());
            }
            n.ops.add(e);
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "trace: %.3f ms wall%n", wallNanos / 1e6));
        for (Node phase : root.children.values()) print(sb, phase, 0);
        return sb.toString();
    }

    /** "encoder.layer.3.attention" -> [encoder, layer.3, attention]; "" -> [] (the model root). */
    static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        if (path.isEmpty()) return out;
        for (String seg : path.split("\\.")) {
            if (!out.isEmpty() && isIndex(seg)) out.set(out.size() - 1, out.getLast() + "." + seg);
            else out.add(seg);
        }
        return out;
    }

    private static boolean isIndex(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) if (!Character.isDigit(s.charAt(i))) return false;
        return true;
    }

    private static void print(StringBuilder sb, Node n, int depth) {
        String pad = "  ".repeat(depth);
        sb.append(String.format(Locale.ROOT, "%s%s  [%.3f ms, %.4f GFLOP]%n", pad, n.name, n.total.nanos() / 1e6, n.total.flops() / 1e9));
        for (Map.Entry<Trace.Site, OpStats> e : n.ops) {
            Trace.Site s = e.getKey();
            OpStats st = e.getValue();
            String name = s.gradOf() == null ? s.op() : s.op() + " (grad of " + s.gradOf() + ")";
            sb.append(String.format(Locale.ROOT, "%s  - %s%s %s  %s FLOP  %.3f ms%n", pad, name, st.count() > 1 ? " x" + st.count() : "",
                    s.signature(), compact(st.flops()), st.nanos() / 1e6));
        }
        for (Node c : n.children.values()) print(sb, c, depth + 1);
    }

    /** 1234567 -> "1.23M". */
    static String compact(long v) {
        if (v < 1_000) return Long.toString(v);
        if (v < 1_000_000) return String.format(Locale.ROOT, "%.2fK", v / 1e3);
        if (v < 1_000_000_000) return String.format(Locale.ROOT, "%.2fM", v / 1e6);
        return String.format(Locale.ROOT, "%.2fG", v / 1e9);
    }
}
