package org.peft4j.peft.federa;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.peft4j.autograd.GradMode;
import org.peft4j.autograd.Parameter;
import org.peft4j.peft.Golden;
import org.peft4j.peft.Peft;
import org.peft4j.peft.PeftModel;
import org.peft4j.peft.TinyModels;
import org.peft4j.peft.lora.Lora;
import org.peft4j.peft.lora.LoraConfig;
import org.peft4j.peft.lora.LoraInit;
import org.peft4j.peft.lora.LoraLinear;
import org.peft4j.tensor.Tensor;
import org.peft4j.tensor.ops.Linalg;
import org.peft4j.transformer.models.ModelInput;
import org.peft4j.transformer.models.Models;
import org.peft4j.transformer.models.TransformerModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class FederaTest {
    static Tensor logits(TransformerModel m, ModelInput in) {
        try (var g = GradMode.noGrad()) {
            return m.forward(in).logits().value();
        }
    }

    static LoraConfig federa(int r) { return LoraConfig.of(r, 2 * r).withInit(LoraInit.pissa(4)).withSeed(9); }

    @ParameterizedTest
    @ValueSource(strings = {"bert-seqcls", "gpt2", "llama-gqa"})
    void initialOutputEqualsTheBase(String name) {
        try (TransformerModel m = TinyModels.golden(name)) {
            ModelInput in = TinyModels.batch(name);
            Tensor base = logits(m, in);
            LoraConfig cfg = name.equals("gpt2") ? federa(8).withTargets("c_attn", "c_fc") : federa(8);
            PeftModel pm = Peft.apply(m, cfg);
            for (LoraLinear l : Lora.layers(pm).values()) {
                assertNotEquals(0f, l.loraB().value().toFloatArray()[0], "B comes from the SVD, not zeros");
                assertNotSame(pm.originalValue(l.weight()), l.weight().value(), "the base weight is replaced by the residual");
            }
            Golden.assertClose(name + " FeDeRA initial logits", logits(m, in), base, 1e-5);
            assertNotNull(pm.initialAdapter());
        }
    }

    @Test
    void factorsAreTheScaledPrincipalTriplets() {
        try (TransformerModel m = TinyModels.golden("llama-gqa")) {
            // a random-init weight has a flat spectrum: "pissa" (16 power iterations) resolves its top triplets
            PeftModel pm = Peft.apply(m, federa(4).withInit(LoraInit.pissa(LoraInit.EXACT_PISSA_NITER)));
            LoraLinear l = Lora.layers(pm).get("model.layers.0.self_attn.v_proj");          // [32, 64]
            Tensor w = pm.originalValue(l.weight());
            SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(32, 64, true, true, true);
            assertTrue(svd.decompose(RandomizedSvd.toDouble(w)));
            DMatrixRMaj u = svd.getU(null, false), s = svd.getW(null), v = svd.getV(null, false);
            SingularOps_DDRM.descendingOrder(u, false, s, v, false);
            // s·B·A = U_r S_r V_rᵀ (the best rank-4 approximation), and BᵀB = AAᵀ = diag(S_r / s)
            Tensor sba = l.deltaWeight(null, 1f);
            for (int i = 0; i < 32; i++)
                for (int j = 0; j < 64; j++) {
                    double e = 0;
                    for (int k = 0; k < 4; k++) e += u.get(i, k) * s.get(k, k) * v.get(j, k);
                    assertEquals(e, sba.get(i, j), 1e-4, "rank-4 approximation at " + i + "," + j);
                }
            float[] btb = Linalg.matmul(l.loraB().value(), l.loraB().value(), true, false).toFloatArray();
            float[] aat = Linalg.matmul(l.loraA().value(), l.loraA().value(), false, true).toFloatArray();
            for (int k = 0; k < 4; k++) {
                assertEquals(s.get(k, k) / l.scale(), btb[k * 4 + k], 1e-4 * s.get(0, 0));
                assertEquals(s.get(k, k) / l.scale(), aat[k * 4 + k], 1e-4 * s.get(0, 0));
            }
        }
    }

    @Test
    void clientDerivesTheServersResidualFromTheBroadcastAdapter() {
        Map<String, Tensor> broadcast;
        Map<String, float[]> serverResiduals = new java.util.HashMap<>();
        ModelInput in = TinyModels.batch("bert-seqcls");
        Tensor serverLogits;
        try (TransformerModel server = TinyModels.golden("bert-seqcls")) {
            PeftModel pm = Peft.apply(server, federa(4));
            broadcast = pm.adapterTensors();
            for (LoraLinear l : Lora.layers(pm).values()) serverResiduals.put(l.path(), l.weight().value().toFloatArray());
            serverLogits = logits(server, in);
        }
        try (TransformerModel client = TinyModels.golden("bert-seqcls")) {
            PeftModel pm = Peft.apply(client, LoraConfig.of(4, 8));         // plain init: no SVD on the client
            Federa.residualFrom(pm, broadcast);
            for (LoraLinear l : Lora.layers(pm).values())
                assertArrayEquals(serverResiduals.get(l.path()), l.weight().value().toFloatArray(), l.path());
            Golden.assertClose("client logits", logits(client, in), serverLogits, 1e-6);
            Federa.residualFrom(pm, broadcast);                                 // idempotent: always from the original W
            for (LoraLinear l : Lora.layers(pm).values())
                assertArrayEquals(serverResiduals.get(l.path()), l.weight().value().toFloatArray(), l.path());
            TransformerModel plain = pm.unload();
            Parameter q = plain.parameter("bert.encoder.layer.0.attention.self.query.weight");
            assertEquals(org.peft4j.tensor.SegmentStorage.class, q.value().storage().getClass(), "unload puts the mapped original back");
        }
    }

    @Test
    void exportLoadsOnTheResidualModelAndAsLoraOnTheOriginal(@TempDir Path tmp) throws Exception {
        ModelInput in = TinyModels.batch("llama-gqa");
        Path baseDir = Golden.dir("llama-gqa").resolve("model");
        Tensor trained;
        try (TransformerModel m = Models.load(baseDir)) {
            PeftModel pm = Peft.apply(m, federa(4));
            // one "training" change so that A, B differ from A₀, B₀
            for (Parameter p : pm.trainableParameters()) {
                float[] a = p.value().floatArray();
                for (int i = 0; i < a.length; i++) a[i] += 0.01f * ((i % 7) - 3);
            }
            trained = logits(m, in);
            FederaExport.save(pm, baseDir, tmp);
        }
        try (TransformerModel residual = Models.load(tmp.resolve("residual_model"))) {
            PeftModel pm = Peft.load(residual, tmp.resolve("adapter"));
            Golden.assertClose("adapter on residual model", logits(residual, in), trained, 1e-5);
            assertEquals(Boolean.TRUE, org.peft4j.peft.io.JsonFiles.read(tmp.resolve("adapter/adapter_config.json")).get("init_lora_weights"));
            assertEquals(4, ((LoraConfig) pm.config()).r());
        }
        try (TransformerModel original = Models.load(baseDir)) {
            PeftModel pm = Peft.load(original, tmp.resolve("adapter_as_lora"));
            assertEquals(8, ((LoraConfig) pm.config()).r());
            Golden.assertClose("rank-2r LoRA on the original base", logits(original, in), trained, 1e-5);
        }
    }
}
