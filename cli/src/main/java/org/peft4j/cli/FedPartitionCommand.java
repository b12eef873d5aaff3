package org.peft4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.peft4j.federated.partition.LabelHistogram;
import org.peft4j.federated.partition.LabeledLines;
import org.peft4j.federated.partition.Partition;
import org.peft4j.federated.partition.PartitionFiles;
import org.peft4j.federated.partition.Partitioner;
import org.peft4j.federated.partition.TableLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `peft4j fed partition`: split a labelled data file across federated clients and print the label histogram. */
@Command(name = "partition", mixinStandardHelpOptions = true,
        description = "Split a dataset file across N clients (IID, Dirichlet label skew, or quantity skew), deterministically "
                + "for a seed. Writes DIR/client-XX.<ext> with the input's header and rows unchanged, plus DIR/partition.json.")
public final class FedPartitionCommand implements Callable<Integer> {
    enum Scheme { iid, dirichlet, quantity }

    @Spec
    CommandSpec spec;

    @Option(names = "--task", description = "file layout of a known task: sst2, cola, mrpc, rte, stsb, ag_news, e2e_nlg")
    String task;

    @Option(names = "--format", description = "for other files: tsv or csv (with --label-column)")
    String format;

    @Option(names = "--label-column", description = "for other files: label column name (from the header) or 0-based index")
    String labelColumn;

    @Option(names = "--no-header", description = "for other files: the first line is data")
    boolean noHeader;

    @Option(names = "--data", required = true, description = "input file")
    Path data;

    @Option(names = "--clients", required = true, description = "number of clients")
    int clients;

    @Option(names = "--scheme", defaultValue = "iid", description = "iid, dirichlet (label skew) or quantity (size skew); default ${DEFAULT-VALUE}")
    Scheme scheme;

    @Option(names = "--alpha", defaultValue = "0.5", description = "Dirichlet concentration; smaller is more skewed (default ${DEFAULT-VALUE})")
    double alpha;

    @Option(names = "--seed", defaultValue = "0", description = "random seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--min-size", defaultValue = "1", description = "redraw until every client has at least this many samples (default ${DEFAULT-VALUE})")
    int minSize;

    @Option(names = "--out", required = true, description = "output directory")
    Path out;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            TableLayout layout = layout();
            LabeledLines lines = LabeledLines.read(data, layout);
            Partition p = switch (scheme) {
                case iid -> Partitioner.iid(lines.size(), clients, seed);
                case quantity -> Partitioner.quantitySkew(lines.size(), clients, alpha, seed, minSize);
                case dirichlet -> {
                    if (!lines.hasLabels())
                        throw new IllegalArgumentException("scheme dirichlet needs class labels; " + data + " has none in this layout (use iid or quantity)");
                    yield Partitioner.dirichletLabels(lines.classIds(), clients, alpha, seed, minSize);
                }
            };
            Map<String, Object> desc = new LinkedHashMap<>();
            desc.put("source", data.toString());
            desc.put("scheme", scheme.name());
            if (scheme != Scheme.iid) desc.put("alpha", alpha);
            desc.put("seed", seed);
            List<Path> files = PartitionFiles.write(lines, p, out, extension(data), desc);
            o.printf(Locale.ROOT, "%d samples -> %d clients (%s%s, seed %d), files in %s%n", lines.size(), clients, scheme,
                    scheme == Scheme.iid ? "" : String.format(Locale.ROOT, ", alpha %s", alpha), seed, out);
            if (lines.hasLabels()) o.print(LabelHistogram.of(p, lines.classIds(), lines.classNames()).format());
            else {
                for (int c = 0; c < p.clientCount(); c++) o.printf(Locale.ROOT, "client %d: %d samples%n", c, p.size(c));
            }
            o.printf("wrote %d client files and partition.json%n", files.size());
            o.flush();
            return 0;
        } catch (IOException | IllegalArgumentException e) {
            err.println("fed partition: " + e.getMessage());
            err.flush();
            return 2;
        }
    }

    private TableLayout layout() {
        if (task != null) {
            if (format != null || labelColumn != null || noHeader)
                throw new IllegalArgumentException("--task fixes the layout; do not combine it with --format/--label-column/--no-header");
            return TableLayout.forTask(task);
        }
        if (format == null) throw new IllegalArgumentException("give --task, or --format (tsv|csv) with --label-column");
        TableLayout.Format f = switch (format.toLowerCase(Locale.ROOT)) {
            case "tsv" -> TableLayout.Format.TSV;
            case "csv" -> TableLayout.Format.CSV;
            default -> throw new IllegalArgumentException("--format must be tsv or csv, got '" + format + "'");
        };
        return new TableLayout(f, !noHeader, labelColumn);
    }

    private static String extension(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(dot) : ".txt";
    }
}
