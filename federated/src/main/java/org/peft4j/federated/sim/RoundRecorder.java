package org.peft4j.federated.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.peft4j.federated.server.RoundListener;
import org.peft4j.federated.server.RoundReport;
import org.peft4j.federated.train.AdapterEvaluator;
import org.peft4j.tensor.Tensor;

/**
 * The server-side round listener of simulations and of `fed server`: scores each new global adapter on the
 * held-out rows (when an evaluator is given), keeps a {@link RoundRow} per round, prints one line per round and
 * appends it to a JSON-lines summary.
 */
public final class RoundRecorder implements RoundListener, Closeable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AdapterEvaluator evaluator;
    private final Consumer<String> say;
    private final BufferedWriter summary;
    private final long start;
    private final List<RoundRow> rows = new ArrayList<>();

    /** start is the System.nanoTime() the run's elapsed seconds count from. */
    public RoundRecorder(AdapterEvaluator evaluator, Path summaryFile, Consumer<String> say, long start) throws IOException {
        this.evaluator = evaluator;
        this.say = say;
        this.start = start;
        Files.createDirectories(summaryFile.toAbsolutePath().getParent());
        this.summary = Files.newBufferedWriter(summaryFile, StandardCharsets.UTF_8);
    }

    /** Scores the starting adapter as round 0. */
    public synchronized RoundRow before(Map<String, Tensor> initial) throws IOException {
        Map<String, Double> m = evaluator != null ? evaluator.evaluate(initial) : Map.of();
        RoundRow r = new RoundRow(0, m.getOrDefault("accuracy", Double.NaN), m.getOrDefault("eval_loss", Double.NaN), 0, 0,
                Double.NaN, 0, 0, Double.NaN, 0, seconds());
        record(r);
        if (evaluator != null)
            say.accept(String.format(Locale.ROOT, "round 0 (before training): accuracy %.4f, eval loss %.4f on %d validation rows", r.accuracy(), r.evalLoss(), evaluator.size()));
        return r;
    }

    @Override
    public synchronized void roundCompleted(RoundReport report) throws IOException {
        Map<String, Double> m = evaluator != null ? evaluator.evaluate(report.global()) : Map.of();
        RoundRow r = new RoundRow(report.round(), m.getOrDefault("accuracy", Double.NaN), m.getOrDefault("eval_loss", Double.NaN),
                report.bytesUp(), report.bytesDown(), report.metrics().getOrDefault("train_loss", Double.NaN), report.delivered().size(),
                report.dropped().size(), report.loraAveragingGap(), report.durationMillis() / 1000, seconds());
        record(r);
        say.accept(format(r, rows.get(0)));
        report.dropped().forEach((id, why) -> say.accept("  dropped " + id + ": " + why));
    }

    public synchronized List<RoundRow> rows() { return List.copyOf(rows); }

    private void record(RoundRow r) throws IOException {
        rows.add(r);
        summary.write(JSON.valueToTree(r).toString());
        summary.newLine();
        summary.flush();
    }

    private static String format(RoundRow r, RoundRow r0) {
        StringBuilder sb = new StringBuilder("round " + r.round() + ": ");
        if (Double.isFinite(r.accuracy()))
            sb.append(String.format(Locale.ROOT, "accuracy %.4f (%+.4f vs before training), eval loss %.4f, ", r.accuracy(), r.accuracy() - r0.accuracy(), r.evalLoss()));
        sb.append(String.format(Locale.ROOT, "train loss %.4f, up %s, down %s, %d clients delivered",
                r.trainLoss(), bytes(r.bytesUp()), bytes(r.bytesDown()), r.delivered()));
        if (r.dropped() > 0) sb.append(", ").append(r.dropped()).append(" dropped");
        if (Double.isFinite(r.loraAveragingGap())) sb.append(String.format(Locale.ROOT, ", LoRA averaging gap %.3g", r.loraAveragingGap()));
        sb.append(String.format(Locale.ROOT, ", %.1f s", r.roundSeconds()));
        return sb.toString();
    }

    /** "812 B", "19.4 KiB", "3.2 MiB". */
    public static String bytes(long b) {
        if (b < 10 * 1024) return b + " B";
        if (b < 10L * 1024 * 1024) return String.format(Locale.ROOT, "%.1f KiB", b / 1024.0);
        return String.format(Locale.ROOT, "%.1f MiB", b / (1024.0 * 1024));
    }

    private double seconds() { return (System.nanoTime() - start) / 1e9; }

    @Override
    public synchronized void close() throws IOException { summary.close(); }
}
