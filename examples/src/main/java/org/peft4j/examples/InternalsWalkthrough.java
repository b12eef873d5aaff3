package org.peft4j.examples;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.peft4j.autograd.Var;
import org.peft4j.autograd.optim.AdamW;
import org.peft4j.federated.protocol.Frame;
import org.peft4j.federated.protocol.FrameLimits;
import org.peft4j.federated.protocol.Message;
import org.peft4j.federated.protocol.MessageCodec;
import org.peft4j.federated.protocol.TensorUpdate;
import org.peft4j.peft.Peft;
import org.peft4j.peft.PeftModel;
import org.peft4j.peft.lora.LoraConfig;
import org.peft4j.tensor.Tensor;
import org.peft4j.tensor.trace.OpRecord;
import org.peft4j.tensor.trace.Trace;
import org.peft4j.transformer.models.LoadOptions;
import org.peft4j.transformer.models.ModelInput;
import org.peft4j.transformer.models.Models;
import org.peft4j.transformer.models.TransformerModel;
import org.peft4j.weights.config.BertConfig;
import org.peft4j.weights.config.ModelConfig;
import org.peft4j.weights.safetensors.SafetensorsWriter;
import org.peft4j.weights.tokenizer.Encoding;
import org.peft4j.weights.tokenizer.Tokenizer;

/**
 * The numbers of docs/INTERNALS.md: one sentence through the real all-MiniLM-L6-v2 with LoRA on query and value —
 * tokenizer, one traced training step (forward, cross-entropy, backward, AdamW) shown for the embeddings, encoder
 * layer 0 and the head, and the bytes a federated client would send for this adapter. Dropout is off (eval mode)
 * so every number printed, the loss included, is the same on every run; only times vary (and they are those of a
 * shared 2-core machine, after two untraced warm-up passes: read them as proportions, not as benchmarks).
 * Run: {@code examples/run.sh InternalsWalkthrough [--section all|tokenizer|model|embeddings|layer0|head|summary|payload]}
 */
public final class InternalsWalkthrough {
    private InternalsWalkthrough() {}

    static final String SENTENCE = "The quick brown fox jumps over the lazy dog.";

    public static void main(String[] argv) throws Exception {
        String section = new ExampleArgs(argv, "--section").text("--section", "all");
        List<String> sections = List.of("tokenizer", "model", "embeddings", "layer0", "head", "summary", "payload");
        if (!section.equals("all") && !sections.contains(section))
            throw new IllegalArgumentException("--section: expected all or one of " + sections + ", found '" + section + "'");
        Predicate<String> show = s -> section.equals("all") || section.equals(s);
        Path dir = MiniLmFolder.locate();

        Tokenizer tokenizer = Tokenizer.fromFile(dir.resolve("tokenizer.json")).withPadding(null);
        Encoding enc = tokenizer.encode(SENTENCE);
        if (show.test("tokenizer")) {
            System.out.println("== tokenizer (" + dir.getFileName() + "/tokenizer.json)");
            System.out.println("text:   " + SENTENCE);
            System.out.println("tokens: " + String.join(" ", enc.tokens()));
            System.out.println("ids:    " + Arrays.toString(enc.ids()));
        }

        try (TransformerModel model = Models.load(dir, LoadOptions.head("BertForSequenceClassification", 2))) {
            BertConfig cfg = (BertConfig) ModelConfig.load(dir);
            PeftModel peft = Peft.apply(model, LoraConfig.of(8, 16).withTargets("query", "value"));
            if (show.test("model")) {
                System.out.println("== model and adapter");
                System.out.printf(Locale.ROOT, "%s: %d layers, hidden %d, %d heads of %d, intermediate %d, vocab %d, %,d parameters%n",
                        model.architecture(), cfg.numHiddenLayers(), cfg.hiddenSize(), cfg.numAttentionHeads(),
                        cfg.hiddenSize() / cfg.numAttentionHeads(), cfg.intermediateSize(), cfg.vocabSize(), peft.numParameters());
                System.out.printf(Locale.ROOT, "LoRA r=8 alpha=16 on query, value: %,d trainable values (%.3f%%) in %d tensors%n",
                        peft.numTrainableParameters(), 100.0 * peft.numTrainableParameters() / peft.numParameters(), peft.trainableParameters().size());
                peft.adapterParameters().forEach((k, p) -> {
                    if (k.contains("layer.0.") || k.contains("classifier"))
                        System.out.println("  " + k + " " + p.value().dtype() + Arrays.toString(p.shape()));
                });
            }

            long[] ids = Arrays.stream(enc.ids()).asLongStream().toArray();
            ModelInput in = ModelInput.of(Tensor.ofLongs(ids, 1, ids.length)).withLabels(Tensor.ofLongs(new long[]{1}, 1));
            AdamW opt = new AdamW(peft.trainableParameters(), 1e-3);
            model.eval();
            if (show.test("embeddings") || show.test("layer0") || show.test("head") || show.test("summary")) {
                // Two untraced passes first so the JIT has compiled the kernels; gradients dropped, weights untouched.
                for (int i = 0; i < 2; i++) {
                    model.forward(in).loss().backward();
                    opt.zeroGrad();
                }
                Trace trace;
                float loss;
                try (Trace t = Trace.start()) {
                    trace = t;
                    Var l = model.forward(in).loss();
                    l.backward();
                    opt.step();
                    opt.zeroGrad();
                    loss = l.item();
                }
                System.out.printf(Locale.ROOT, "== one training step, traced: loss %.6f (label 1, fresh head)%n", loss);
                if (show.test("embeddings")) {
                    System.out.println("-- embeddings");
                    System.out.print(body(trace.tree("bert.embeddings")));
                }
                if (show.test("layer0")) {
                    System.out.println("-- encoder layer 0");
                    System.out.print(body(trace.tree("bert.encoder.layer.0")));
                }
                if (show.test("head")) {
                    System.out.println("-- pooler, head and loss");
                    System.out.print(body(trace.tree("bert.pooler")));
                    System.out.print(body(trace.tree("classifier")));
                    System.out.println("model root (the loss):");
                    for (OpRecord r : trace.records())
                        if (r.path().isEmpty())
                            System.out.printf(Locale.ROOT, "  %s: %s%s %s  %d FLOP%n", r.phase(), r.op(), r.gradOf() == null ? "" : " (grad of " + r.gradOf() + ")",
                                    r.signature(), r.flops());
                }
                if (show.test("summary")) {
                    System.out.println("-- all ops of the step, by type");
                    System.out.print(trace.summary().table());
                }
            }

            if (show.test("payload")) {
                Map<String, Tensor> adapter = peft.adapterTensors();
                long values = adapter.values().stream().mapToLong(Tensor::numel).sum();
                byte[] st = SafetensorsWriter.toBytes(adapter, Map.of());
                int payload = new MessageCodec(FrameLimits.DEFAULT).encode(new Message.ClientUpdate(1, 1, Map.of(), TensorUpdate.dense(adapter))).length;
                System.out.println("== what a federated client sends");
                System.out.printf(Locale.ROOT, "adapter: %d tensors, %,d F32 values = %,d bytes of data%n", adapter.size(), values, 4 * values);
                System.out.printf(Locale.ROOT, "as safetensors: %,d bytes (%,d bytes of header)%n", st.length, st.length - 4 * values);
                System.out.printf(Locale.ROOT, "CLIENT_UPDATE frame: %d-byte header + %,d-byte payload + 32-byte HMAC = %,d bytes%n",
                        Frame.HEADER_BYTES, payload, Frame.HEADER_BYTES + payload + 32);
            }
        }
    }

    /** The tree without its first line (the trace's wall time, printed once in the summary instead). */
    private static String body(String tree) {
        return tree.substring(tree.indexOf('\n') + 1);
    }
}
