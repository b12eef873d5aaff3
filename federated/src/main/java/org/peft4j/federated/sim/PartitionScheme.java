package org.peft4j.federated.sim;

import java.util.List;
import java.util.Locale;
import org.peft4j.federated.partition.Partition;
import org.peft4j.federated.partition.Partitioner;
import org.peft4j.finetune.data.Example;

/** How a simulation splits the training examples across its clients: IID, or Dirichlet(α) label skew, seeded. */
public record PartitionScheme(boolean dirichlet, double alpha, long seed, int minPerClient) {
    public static PartitionScheme iid(long seed) { return new PartitionScheme(false, Double.NaN, seed, 1); }

    public static PartitionScheme dirichlet(double alpha, long seed) { return new PartitionScheme(true, alpha, seed, 8); }

    /** "iid" or "dirichlet" (with the given alpha). */
    public static PartitionScheme parse(String name, double alpha, long seed) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "iid" -> iid(seed);
            case "dirichlet" -> dirichlet(alpha, seed);
            default -> throw new IllegalArgumentException("unknown partition '" + name + "': expected iid or dirichlet");
        };
    }

    public Partition split(List<Example> examples, int clients) {
        if (!dirichlet) return Partitioner.iid(examples.size(), clients, seed);
        int[] labels = new int[examples.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = examples.get(i).label();
            if (labels[i] < 0) throw new IllegalArgumentException("Dirichlet label skew needs class labels; " + examples.get(i).where() + " has none");
        }
        int min = Math.min(minPerClient, examples.size() / clients);
        return Partitioner.dirichletLabels(labels, clients, alpha, seed, min);
    }

    @Override
    public String toString() {
        return dirichlet ? String.format(Locale.ROOT, "dirichlet(alpha=%s, seed=%d)", alpha, seed) : "iid(seed=" + seed + ")";
    }
}
