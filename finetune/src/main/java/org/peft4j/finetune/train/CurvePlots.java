package org.peft4j.finetune.train;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** PNG charts of a run's loss and evaluation metrics against the step (XChart, headless). */
public final class CurvePlots {
    private CurvePlots() {}

    /** Writes loss.png (training loss) and metrics.png (every eval metric) into dir; returns the files written. */
    public static List<Path> write(List<TrainLog.Entry> history, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        Map<String, List<double[]>> loss = series(history, "train", "loss");
        if (!loss.isEmpty()) written.add(save(chart("Training loss", "loss", loss), dir.resolve("loss.png")));
        Map<String, List<double[]>> metrics = series(history, "eval", null);
        if (!metrics.isEmpty()) written.add(save(chart("Evaluation", "metric", metrics), dir.resolve("metrics.png")));
        return written;
    }

    private static Map<String, List<double[]>> series(List<TrainLog.Entry> history, String kind, String only) {
        Map<String, List<double[]>> out = new LinkedHashMap<>();
        for (TrainLog.Entry e : history) {
            if (!e.kind().equals(kind)) continue;
            e.values().forEach((k, v) -> {
                if ((only == null || only.equals(k)) && Double.isFinite(v))
                    out.computeIfAbsent(k, x -> new ArrayList<>()).add(new double[]{e.step(), v});
            });
        }
        return out;
    }

    private static XYChart chart(String title, String yLabel, Map<String, List<double[]>> series) {
        XYChart c = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle("step").yAxisTitle(yLabel).build();
        series.forEach((name, pts) -> {
            double[] x = new double[pts.size()], y = new double[pts.size()];
            for (int i = 0; i < pts.size(); i++) { x[i] = pts.get(i)[0]; y[i] = pts.get(i)[1]; }
            c.addSeries(name, x, y);
        });
        return c;
    }

    private static Path save(XYChart chart, Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp.png");
        BitmapEncoder.saveBitmap(chart, tmp.toString(), BitmapEncoder.BitmapFormat.PNG);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }
}
