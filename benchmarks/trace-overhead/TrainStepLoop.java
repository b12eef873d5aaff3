// A train-step workload for measuring the op tracer's cost, run as a single source file against any build's classes:
//   java --add-modules jdk.incubator.vector -cp CLASSPATH TrainStepLoop.java SHAPE MODE WARMUP STEPS
// SHAPE: tiny (2 layers, hidden 64, batch 2 x 16: tiny ops, where a per-op cost would show most) or
//        small (6 layers, hidden 384, 12 heads, MiniLM's width, batch 8 x 64).
// MODE:  plain (no tracing call at all; works on a build without the tracer) or traced (Trace.start around the
//        timed steps, found by reflection so this file compiles against builds without the tracer).
// One step = forward with a classification loss, backward, AdamW step, zero grads: all parameters trainable.
// Prints one JSON line: per-step milliseconds (median and minimum over the timed steps).

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.peft4j.autograd.optim.AdamW;
import org.peft4j.tensor.DType;
import org.peft4j.tensor.Tensor;
import org.peft4j.transformer.models.ModelInput;
import org.peft4j.transformer.models.Models;
import org.peft4j.transformer.models.RandomWeights;
import org.peft4j.transformer.models.TransformerModel;
import org.peft4j.weights.config.BertConfig;
import org.peft4j.weights.config.Labels;
import org.peft4j.weights.config.TokenIds;

public class TrainStepLoop {
    public static void main(String[] args) throws Exception {
        String shape = args[0], mode = args[1];
        int warmup = Integer.parseInt(args[2]), steps = Integer.parseInt(args[3]);
        boolean tiny = shape.equals("tiny");
        int hidden = tiny ? 64 : 384, layers = tiny ? 2 : 6, heads = tiny ? 4 : 12, batch = tiny ? 2 : 8, seq = tiny ? 16 : 64;
        BertConfig cfg = new BertConfig(1000, hidden, layers, heads, 4 * hidden, "gelu", 0.0, 0.0, 512, 2, 0.02, 1e-12,
                "absolute", null, true, new TokenIds(null, List.of(), 0), Labels.defaults(2), List.of("BertForSequenceClassification"));
        TransformerModel model = Models.random(cfg, new RandomWeights(7, 0.02f, DType.F32, true));
        model.train();
        AdamW opt = new AdamW(model.trainableParameters(), 1e-4);
        Random rng = new Random(1);
        long[] ids = new long[batch * seq], labels = new long[batch];
        for (int i = 0; i < ids.length; i++) ids[i] = rng.nextInt(1000);
        for (int i = 0; i < batch; i++) labels[i] = rng.nextInt(2);
        ModelInput in = ModelInput.of(Tensor.ofLongs(ids, batch, seq)).withLabels(Tensor.ofLongs(labels, batch));

        for (int i = 0; i < warmup; i++) step(model, opt, in);
        AutoCloseable trace = mode.equals("traced")
                ? (AutoCloseable) Class.forName("org.peft4j.tensor.trace.Trace").getMethod("start").invoke(null) : null;
        double[] ms = new double[steps];
        for (int i = 0; i < steps; i++) {
            long t0 = System.nanoTime();
            step(model, opt, in);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        if (trace != null) trace.close();
        Arrays.sort(ms);
        System.out.printf(java.util.Locale.ROOT, "{\"shape\":\"%s\",\"mode\":\"%s\",\"steps\":%d,\"ms_median\":%.3f,\"ms_min\":%.3f}%n",
                shape, mode, steps, ms[steps / 2], ms[0]);
    }

    static void step(TransformerModel model, AdamW opt, ModelInput in) {
        model.forward(in).loss().backward();
        opt.step();
        opt.zeroGrad();
    }
}
