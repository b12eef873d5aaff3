package org.peft4j.examples;

import java.nio.file.Path;
import java.util.Locale;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.peft4j.autograd.GradMode;
import org.peft4j.peft.Peft;
import org.peft4j.peft.PeftModel;
import org.peft4j.peft.federa.RandomizedSvd;
import org.peft4j.peft.federa.TruncatedSvd;
import org.peft4j.peft.lora.LoraConfig;
import org.peft4j.peft.lora.LoraInit;
import org.peft4j.peft.lora.LoraLinear;
import org.peft4j.tensor.Tensor;
import org.peft4j.tensor.ops.Linalg;
import org.peft4j.transformer.models.ModelInput;
import org.peft4j.transformer.models.Models;
import org.peft4j.transformer.models.TransformerModel;

/**
 * FeDeRA's initialisation of LoRA from the SVD of the pretrained weight, on MiniLM's layer-0 query projection.
 * <ol>
 *   <li>the randomized truncated SVD (a few GEMMs with a thin random matrix, then a small dense SVD) against the
 *       exact SVD: its top singular values, as the power iterations q grow;</li>
 *   <li>how much of W the top r directions hold (the energy Σσᵢ² of the top r over ‖W‖²);</li>
 *   <li>applied to the whole model: A = √(S/s)·Vᵀ, B = U·√(S/s), the frozen base becomes W − s·B·A, so the model's
 *       output is unchanged at step 0 while the adapter already spans W's principal directions.</li>
 * </ol>
 * Run: {@code examples/run.sh FederaInit [--r 8]}
 */
public final class FederaInit {
    private FederaInit() {}

    public static void main(String[] argv) throws Exception {
        ExampleArgs args = new ExampleArgs(argv, "--r");
        int r = args.integer("--r", 8);
        Path dir = MiniLmFolder.locate();
        String layer = "encoder.layer.0.attention.self.query";
        try (TransformerModel model = Models.load(dir)) {
            Tensor w = model.parameter(layer + ".weight").value().toF32();   // [out 384, in 384]
            int m = w.size(0), n = w.size(1);

            // 1. Exact SVD in double (EJML) as the reference.
            DMatrixRMaj a = new DMatrixRMaj(m, n);
            for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) a.set(i, j, w.get(i, j));
            SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(m, n, false, false, true);
            if (!svd.decompose(a)) throw new IllegalStateException("EJML SVD did not converge");
            double[] exact = svd.getSingularValues().clone();
            java.util.Arrays.sort(exact);
            double total = 0, top = 0;
            for (int i = 0; i < exact.length; i++) total += exact[i] * exact[i];
            for (int i = 0; i < r; i++) top += exact[exact.length - 1 - i] * exact[exact.length - 1 - i];
            System.out.printf(Locale.ROOT, "%s.weight %dx%d: top-%d singular values hold %.1f%% of ||W||^2%n", layer, m, n, r, 100 * top / total);
            System.out.printf(Locale.ROOT, "exact       sigma_1..%d:%s%n", r, values(exact, r, true));

            // 2. The randomized SVD FeDeRA uses, with q = 0, 1, 2, 4 power iterations.
            for (int q : new int[]{0, 1, 2, 4}) {
                TruncatedSvd t = RandomizedSvd.compute(w, r, RandomizedSvd.Options.of(q, 0));
                double worst = 0;
                for (int i = 0; i < r; i++) worst = Math.max(worst, Math.abs(t.s()[i] - exact[exact.length - 1 - i]) / exact[exact.length - 1 - i]);
                System.out.printf(Locale.ROOT, "randomized q=%d sigma_1..%d:%s  (worst relative error %.1e)%n", q, r, values(t.s(), r, false), worst);
            }

            // 3. FeDeRA on every query/value projection of the model: same outputs, adapter = principal part of W.
            ModelInput in = ModelInput.of(Tensor.ofLongs(new long[]{101, 1996, 4248, 2829, 4419, 102}, 1, 6));
            Tensor before;
            try (var g = GradMode.noGrad()) { before = model.forward(in).lastHiddenState().value(); }
            PeftModel peft = Peft.apply(model, LoraConfig.of(r, 2 * r).withTargets("query", "value").withInit(LoraInit.pissa(4)));
            Tensor after;
            try (var g = GradMode.noGrad()) { after = model.forward(in).lastHiddenState().value(); }
            LoraLinear q = (LoraLinear) model.module(layer);
            Tensor delta = q.deltaWeight(null, 1f);                          // s·B·A, [out, in]
            Tensor residual = q.weight().value();                           // the frozen base now holds W − s·B·A
            System.out.printf(Locale.ROOT, "after FeDeRA init (q=4): max |output change| = %.2e%n", maxAbsDiff(before, after));
            System.out.printf(Locale.ROOT, "||s*B*A||_F = %.4f (exact top-%d part: %.4f), ||W - s*B*A||_F = %.4f, ||W||_F = %.4f%n",
                    norm(delta), r, Math.sqrt(top), norm(residual), Math.sqrt(total));
            System.out.printf(Locale.ROOT, "trainable: %,d LoRA values; for %s A is %s and B is %s%n", peft.numTrainableParameters(),
                    layer, java.util.Arrays.toString(q.loraA().shape()), java.util.Arrays.toString(q.loraB().shape()));
        }
    }

    private static String values(double[] s, int r, boolean ascending) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < r; i++) sb.append(String.format(Locale.ROOT, " %.4f", ascending ? s[s.length - 1 - i] : s[i]));
        return sb.toString();
    }

    private static double norm(Tensor t) {
        double s = 0;
        for (float v : t.toFloatArray()) s += (double) v * v;
        return Math.sqrt(s);
    }

    private static double maxAbsDiff(Tensor a, Tensor b) {
        float[] x = a.toFloatArray(), y = b.toFloatArray();
        double d = 0;
        for (int i = 0; i < x.length; i++) d = Math.max(d, Math.abs(x[i] - y[i]));
        return d;
    }
}
