package org.peft4j.federated.partition;

import java.util.List;
import java.util.Locale;

/** Samples per class per client, for checking how skewed a partition is. */
public final class LabelHistogram {
    private final List<String> classNames;
    private final long[][] counts;

    private LabelHistogram(List<String> classNames, long[][] counts) {
        this.classNames = List.copyOf(classNames);
        this.counts = counts;
    }

    /** labels[i] in [0, classNames.size()) is sample i's class. */
    public static LabelHistogram of(Partition p, int[] labels, List<String> classNames) {
        long[][] counts = new long[p.clientCount()][classNames.size()];
        for (int c = 0; c < p.clientCount(); c++)
            for (int i : p.indices(c)) {
                int y = labels[i];
                if (y < 0 || y >= classNames.size())
                    throw new IllegalArgumentException("sample " + i + " has class id " + y + ", outside [0, " + classNames.size() + ")");
                counts[c][y]++;
            }
        return new LabelHistogram(classNames, counts);
    }

    public List<String> classNames() { return classNames; }

    public long count(int client, int classId) { return counts[client][classId]; }

    public long[] row(int client) { return counts[client].clone(); }

    public String format() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-8s %8s", "client", "total"));
        for (String n : classNames) sb.append(String.format(Locale.ROOT, " %10s", n.length() > 10 ? n.substring(0, 10) : n));
        sb.append('\n');
        for (int c = 0; c < counts.length; c++) {
            long total = 0;
            for (long v : counts[c]) total += v;
            sb.append(String.format(Locale.ROOT, "%-8d %8d", c, total));
            for (long v : counts[c]) sb.append(String.format(Locale.ROOT, " %10d", v));
            sb.append('\n');
        }
        return sb.toString();
    }
}
