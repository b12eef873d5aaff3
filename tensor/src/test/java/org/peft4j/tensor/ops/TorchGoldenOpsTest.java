package org.peft4j.tensor.ops;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.peft4j.tensor.Tensor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Ops against PyTorch: torch_ops.txt beside make_torch_ops.py (the script that wrote it with Debian's
 * python3-torch) holds inputs, outputs and autograd gradients of gelu, gelu_tanh, silu, layer_norm, LLaMA's
 * RMSNorm, masked causal softmax/log_softmax, cross-entropy with ignore_index and label smoothing, and
 * Hugging Face's rotary embedding at positions up to 4095. The script evaluates everything in float64 from
 * float32 inputs, so the tolerances below measure our float32 error against the exact answer.
 */
class TorchGoldenOpsTest {
    private static final Map<String, String[]> TENSORS = new HashMap<>();

    @BeforeAll
    static void load() throws IOException {
        try (var in = TorchGoldenOpsTest.class.getResourceAsStream("torch_ops.txt")) {
            assertNotNull(in, "torch_ops.txt missing from test resources");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank()) continue;
                String[] parts = line.split("\t", -1);
                TENSORS.put(parts[0], parts);
            }
        }
    }

    private static int[] shape(String name) {
        String s = TENSORS.get(name)[1];
        if (s.isEmpty()) return new int[0];
        String[] p = s.split(",");
        int[] out = new int[p.length];
        for (int i = 0; i < p.length; i++) out[i] = Integer.parseInt(p[i]);
        return out;
    }

    private static Tensor f(String name) {
        String[] parts = TENSORS.get(name);
        assertNotNull(parts, "no tensor " + name + " in torch_ops.txt");
        String[] v = parts[2].split(" ");
        float[] d = new float[v.length];
        for (int i = 0; i < v.length; i++)
            d[i] = switch (v[i]) { // Python spells the specials differently
                case "inf" -> Float.POSITIVE_INFINITY;
                case "-inf" -> Float.NEGATIVE_INFINITY;
                case "nan" -> Float.NaN;
                default -> Float.parseFloat(v[i]);
            };
        return Tensor.of(d, shape(name));
    }

    private static Tensor l(String name) {
        String[] v = TENSORS.get(name)[2].split(" ");
        long[] d = new long[v.length];
        for (int i = 0; i < v.length; i++) d[i] = Long.parseLong(v[i]);
        return Tensor.ofLongs(d, shape(name));
    }

    @Test
    void activations() {
        Tensor x = f("act.x");
        Ops.gelu(x, false).assertAllClose(f("act.gelu"), 1e-5, 1e-7);
        Ops.gelu(x, true).assertAllClose(f("act.gelu_tanh"), 1e-5, 1e-7);
        Ops.silu(x).assertAllClose(f("act.silu"), 1e-5, 1e-7);
        Ops.geluBackward(x, f("act.gelu.grad_w"), false).assertAllClose(f("act.gelu.dx"), 1e-5, 1e-6);
        Ops.geluBackward(x, f("act.gelu_tanh.grad_w"), true).assertAllClose(f("act.gelu_tanh.dx"), 1e-5, 1e-6);
        Ops.siluBackward(x, f("act.silu.grad_w")).assertAllClose(f("act.silu.dx"), 1e-5, 1e-6);
    }

    @Test
    void layerNorm() {
        LayerNormResult r = Ops.layerNorm(f("ln.x"), f("ln.gamma"), f("ln.beta"), 1e-5f);
        r.out().assertAllClose(f("ln.out"), 1e-5, 1e-5);
        LayerNormGrads g = Ops.layerNormBackward(f("ln.w"), f("ln.x"), f("ln.gamma"), r.mean(), r.rstd());
        g.dx().assertAllClose(f("ln.dx"), 1e-4, 1e-5);
        g.dgamma().assertAllClose(f("ln.dgamma"), 1e-4, 1e-5);
        g.dbeta().assertAllClose(f("ln.dbeta"), 1e-5, 1e-5);
    }

    @Test
    void rmsNorm() {
        RmsNormResult r = Ops.rmsNorm(f("rms.x"), f("rms.gamma"), 1e-6f);
        r.out().assertAllClose(f("rms.out"), 1e-5, 1e-6);
        RmsNormGrads g = Ops.rmsNormBackward(f("rms.w"), f("rms.x"), f("rms.gamma"), r.rstd());
        g.dx().assertAllClose(f("rms.dx"), 1e-4, 1e-5);
        g.dgamma().assertAllClose(f("rms.dgamma"), 1e-4, 1e-5);
    }

    @Test
    void maskedCausalSoftmax() {
        Tensor scores = f("sm.scores");
        int[] s = scores.shape();
        Tensor keep = l("sm.keep").reshape(s[0], 1, 1, s[3]);
        Tensor p = Ops.softmax(scores, keep, true);
        p.assertAllClose(f("sm.out"), 1e-5, 1e-7);
        Ops.softmaxBackward(p, f("sm.w")).assertAllClose(f("sm.dx"), 1e-4, 1e-6);
        Tensor lp = Ops.logSoftmax(scores, keep, true);
        lp.assertAllClose(f("sm.log_out"), 1e-5, 1e-6);
        Ops.logSoftmaxBackward(lp, f("sm.log_w")).assertAllClose(f("sm.log_dx"), 1e-4, 1e-6);
    }

    @Test
    void crossEntropy() {
        Tensor logits = f("ce.logits"), targets = l("ce.targets");
        for (String red : new String[]{"mean", "sum"})
            for (String eps : new String[]{"0", "0.1"}) {
                String tag = "ce." + red + "." + eps;
                CrossEntropyResult r = Ops.crossEntropy(logits, targets, -100, Float.parseFloat(eps), red.equals("mean"));
                r.loss().assertAllClose(f(tag + ".loss"), 1e-5, 1e-6);
                r.dlogits().assertAllClose(f(tag + ".dlogits"), 1e-5, 1e-7);
            }
    }

    @Test
    void rotaryEmbeddingAsHuggingFace() {
        Ops.rope(f("rope.x"), l("rope.pos"), 10000f, false).assertAllClose(f("rope.out"), 1e-5, 2e-6);
    }
}
