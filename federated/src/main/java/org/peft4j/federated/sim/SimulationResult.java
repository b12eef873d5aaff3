package org.peft4j.federated.sim;

import java.nio.file.Path;
import java.util.List;

/** What a simulation produced: the per-round rows (round 0 = before training) and where its files are. */
public record SimulationResult(List<RoundRow> rows, Path outDir, Path summary, List<Path> plots, Path adapterDir, double seconds) {
    public SimulationResult {
        rows = List.copyOf(rows);
        plots = List.copyOf(plots);
    }

    public RoundRow initial() { return rows.get(0); }

    public RoundRow last() { return rows.get(rows.size() - 1); }

    /** Wall time from the start until the global first reached the target accuracy, or NaN if it never did. */
    public double secondsToAccuracy(double target) {
        for (RoundRow r : rows) if (r.round() > 0 && r.accuracy() >= target) return r.elapsedSeconds();
        return Double.NaN;
    }
}
