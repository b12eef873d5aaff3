package org.peft4j.cli.fed;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import org.peft4j.federated.sim.RoundRow;
import org.peft4j.federated.sim.SimulationResult;

/** The closing lines of a simulation or the demo: the accuracy margin and where the files are. */
public final class Report {
    private Report() {}

    public static void printEnd(SimulationResult r, PrintStream out) {
        RoundRow first = r.initial(), last = r.last();
        long up = 0, down = 0;
        for (RoundRow row : r.rows()) { up += row.bytesUp(); down += row.bytesDown(); }
        out.printf(Locale.ROOT, "result: validation accuracy %.4f before training -> %.4f after round %d (%+.4f, %+.1f points)%n",
                first.accuracy(), last.accuracy(), last.round(), last.accuracy() - first.accuracy(), 100 * (last.accuracy() - first.accuracy()));
        out.printf(Locale.ROOT, "traffic: %,d bytes up, %,d bytes down in %d rounds%n", up, down, last.round());
        out.println("summary: " + abs(r.summary()));
        out.println("server log: " + abs(r.outDir().resolve("server").resolve("rounds.jsonl")));
        for (Path p : r.plots()) out.println("plot: " + abs(p));
        if (r.adapterDir() != null) out.println("adapter (Hugging Face PEFT format): " + abs(r.adapterDir()));
        out.printf(Locale.ROOT, "time: %.1f s%n", r.seconds());
    }

    private static Path abs(Path p) { return p.toAbsolutePath().normalize(); }
}
