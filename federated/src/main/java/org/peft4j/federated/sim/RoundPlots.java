package org.peft4j.federated.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/** PNG charts of a federated run: accuracy per round (round 0 = before training) and bytes up/down per round. */
public final class RoundPlots {
    private RoundPlots() {}

    /** Writes accuracy.png and bytes.png into dir; returns them. */
    public static List<Path> write(List<RoundRow> rows, Path dir, String title) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(dir);
        double[] r = new double[rows.size()], acc = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) { r[i] = rows.get(i).round(); acc[i] = rows.get(i).accuracy(); }
        XYChart a = new XYChartBuilder().width(800).height(500).title(title + ": accuracy").xAxisTitle("round").yAxisTitle("validation accuracy").build();
        a.addSeries("global adapter", r, acc);
        List<String> rounds = new ArrayList<>();
        List<Double> up = new ArrayList<>(), down = new ArrayList<>();
        for (RoundRow row : rows) {
            if (row.round() == 0) continue;
            rounds.add(String.valueOf(row.round()));
            up.add(row.bytesUp() / 1024.0);
            down.add(row.bytesDown() / 1024.0);
        }
        List<Path> out = new ArrayList<>();
        out.add(save(a, dir.resolve("accuracy.png")));
        if (!rounds.isEmpty()) {
            CategoryChart b = new CategoryChartBuilder().width(800).height(500).title(title + ": traffic").xAxisTitle("round").yAxisTitle("KiB per round").build();
            b.addSeries("up (clients to server)", rounds, up);
            b.addSeries("down (server to clients)", rounds, down);
            out.add(save(b, dir.resolve("bytes.png")));
        }
        return out;
    }

    private static Path save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp.png");
        BitmapEncoder.saveBitmap(chart, tmp.toString(), BitmapEncoder.BitmapFormat.PNG);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }
}
