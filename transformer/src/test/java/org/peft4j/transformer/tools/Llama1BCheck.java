package org.peft4j.transformer.tools;

import org.peft4j.autograd.Parameter;
import org.peft4j.tensor.DType;
import org.peft4j.tensor.Tensor;
import org.peft4j.transformer.generate.GenerationConfig;
import org.peft4j.transformer.generate.GenerationResult;
import org.peft4j.transformer.generate.Generator;
import org.peft4j.transformer.models.CausalLanguageModel;
import org.peft4j.transformer.models.ModelShapes;
import org.peft4j.transformer.models.Models;
import org.peft4j.transformer.models.RandomWeights;
import org.peft4j.transformer.models.TransformerModel;
import org.peft4j.weights.config.LlamaConfig;
import org.peft4j.weights.safetensors.SafetensorsWriter;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Not a unit test: a main program for the "1B LLaMA in BF16 loads fast in a small heap" target.
 * <pre>
 *   write DIR   writes config.json + model.safetensors of a random LLaMA of ~1.1B parameters (TinyLlama's shape) in BF16
 *   check DIR   loads it (prints seconds and heap used), then greedily generates a few tokens
 * </pre>
 * Run check under -Xmx1g: the weights are mapped, not read into the heap.
 */
public final class Llama1BCheck {
    public static void main(String[] args) throws IOException {
        if (args.length != 2 || !(args[0].equals("write") || args[0].equals("check")))
            throw new IllegalArgumentException("usage: Llama1BCheck write|check DIR");
        Path dir = Path.of(args[1]);
        if (args[0].equals("write")) write(dir);
        else check(dir);
    }

    static void write(Path dir) throws IOException {
        LlamaConfig c = ModelShapes.llama1B();
        long t0 = System.nanoTime();
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        try (TransformerModel m = Models.random(c, new RandomWeights(1, 0.02f, DType.BF16, false))) {
            for (Map.Entry<String, Parameter> e : m.namedParameters().entrySet()) tensors.put(e.getKey(), e.getValue().value());
            Files.createDirectories(dir);
            SafetensorsWriter.write(dir.resolve("model.safetensors"), tensors, Map.of("format", "pt"));
        }
        Files.writeString(dir.resolve("config.json"), """
                {
                  "architectures": ["LlamaForCausalLM"],
                  "model_type": "llama",
                  "vocab_size": %d, "hidden_size": %d, "intermediate_size": %d, "num_hidden_layers": %d,
                  "num_attention_heads": %d, "num_key_value_heads": %d, "max_position_embeddings": %d,
                  "rms_norm_eps": %s, "rope_theta": %s, "tie_word_embeddings": false, "hidden_act": "silu",
                  "bos_token_id": 1, "eos_token_id": 2, "torch_dtype": "bfloat16"
                }
                """.formatted(c.vocabSize(), c.hiddenSize(), c.intermediateSize(), c.numHiddenLayers(), c.numAttentionHeads(),
                c.numKeyValueHeads(), c.maxPositionEmbeddings(), c.rmsNormEps(), c.ropeTheta()));
        long params = tensors.values().stream().mapToLong(Tensor::numel).sum();
        System.out.printf("wrote %s: %d tensors, %,d parameters, %,d bytes in %.1f s%n", dir, tensors.size(), params,
                Files.size(dir.resolve("model.safetensors")), (System.nanoTime() - t0) / 1e9);
    }

    static void check(Path dir) {
        System.gc();
        long heapBefore = usedHeap();
        long t0 = System.nanoTime();
        try (TransformerModel m = Models.load(dir)) {
            double loadSeconds = (System.nanoTime() - t0) / 1e9;
            System.gc();
            long heapAfter = usedHeap();
            System.out.printf("loaded %s (%,d parameters) in %.3f s; heap used %.1f MB (before load %.1f MB); max heap %.0f MB%n",
                    m.architecture(), m.numParameters(), loadSeconds, heapAfter / 1e6, heapBefore / 1e6,
                    Runtime.getRuntime().maxMemory() / 1e6);
            GenerationResult r = new Generator((CausalLanguageModel) m).generate(new long[][]{{1, 450, 4996, 17354, 1701, 29916}},
                    GenerationConfig.greedy(8).withEos(List.of()));
            System.gc();
            System.out.printf("generated %s in %.2f s (%.2f tokens/s incl. prompt); heap used after generation %.1f MB; peak heap %.1f MB%n",
                    java.util.Arrays.toString(r.newTokens()[0]), r.totalNanos() / 1e9, r.tokensPerSecond(), usedHeap() / 1e6, peakHeap() / 1e6);
        }
    }

    private static long usedHeap() { return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(); }

    private static long peakHeap() {
        long peak = 0;
        for (var pool : ManagementFactory.getMemoryPoolMXBeans())
            if (pool.getType() == java.lang.management.MemoryType.HEAP) peak += pool.getPeakUsage().getUsed();
        return peak;
    }
}
