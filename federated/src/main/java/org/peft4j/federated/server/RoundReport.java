package org.peft4j.federated.server;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.peft4j.tensor.Tensor;

/**
 * A completed round as a {@link RoundListener} sees it: the new global adapter, who delivered and who was dropped
 * (with the reason), the bytes the server received from (up) and sent to (down) the sampled clients, and the
 * sample-weighted mean of the clients' metrics.
 *
 * @param loraAveragingGap {@link LoraAveragingGap} of this round's contributions, NaN when it does not apply
 */
public record RoundReport(int round, String aggregator, Map<String, Tensor> global, List<String> delivered,
                          Map<String, String> dropped, long samples, long bytesUp, long bytesDown,
                          Map<String, Double> metrics, double loraAveragingGap, double durationMillis) {
    public RoundReport {
        global = Collections.unmodifiableMap(new TreeMap<>(global));
        delivered = List.copyOf(delivered);
        dropped = Collections.unmodifiableMap(new TreeMap<>(dropped));
        metrics = Collections.unmodifiableMap(new TreeMap<>(metrics));
    }

    /** Totals over one exchange's outcomes (a training round, or an evaluation when global is the evaluated one). */
    static RoundReport of(int round, String aggregator, Map<String, Tensor> global, Map<String, Outcome> outcomes,
                          double gap, double durationMillis) {
        List<String> ok = new ArrayList<>();
        Map<String, String> dropped = new TreeMap<>();
        long up = 0, down = 0, samples = 0;
        Map<String, double[]> sums = new TreeMap<>(); // metric -> {Σ n·value, Σ n}
        for (Outcome o : outcomes.values()) {
            up += o.bytesUp();
            down += o.bytesDown();
            if (!o.ok()) {
                dropped.put(o.clientId(), o.failure());
                continue;
            }
            ok.add(o.clientId());
            samples += o.samples();
            for (Map.Entry<String, Double> x : o.metrics().entrySet()) {
                double[] s = sums.computeIfAbsent(x.getKey(), k -> new double[2]);
                s[0] += o.samples() * x.getValue();
                s[1] += o.samples();
            }
        }
        Map<String, Double> metrics = new TreeMap<>();
        sums.forEach((k, s) -> metrics.put(k, s[0] / s[1]));
        return new RoundReport(round, aggregator, global, ok, dropped, samples, up, down, metrics, gap, durationMillis);
    }
}
