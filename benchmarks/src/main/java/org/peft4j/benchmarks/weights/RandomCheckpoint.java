package org.peft4j.benchmarks.weights;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.peft4j.tensor.DType;
import org.peft4j.tensor.Tensor;
import org.peft4j.weights.safetensors.SafetensorsWriter;

/**
 * Writes a safetensors checkpoint of random BF16 weights with TinyLlama-1.1B's tensor shapes (hidden 2048, 32 query
 * heads and 4 key/value heads of 64, intermediate 5632, vocab 32000) for a chosen number of layers: 10 layers give
 * 1.13 GB. The weights are generated off-heap (native segments) and written by {@link SafetensorsWriter}, so the
 * generator itself needs little heap.
 */
public final class RandomCheckpoint {
    private static final ValueLayout.OfShort BF16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final int HIDDEN = 2048, KV = 256, INTERMEDIATE = 5632, VOCAB = 32000;

    private RandomCheckpoint() {}

    public static void write(Path file, int layers, long seed) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        try (Arena arena = Arena.ofConfined()) {
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            tensors.put("model.embed_tokens.weight", random(arena, rng, VOCAB, HIDDEN));
            for (int l = 0; l < layers; l++) {
                String p = "model.layers." + l + ".";
                tensors.put(p + "input_layernorm.weight", random(arena, rng, HIDDEN));
                tensors.put(p + "self_attn.q_proj.weight", random(arena, rng, HIDDEN, HIDDEN));
                tensors.put(p + "self_attn.k_proj.weight", random(arena, rng, KV, HIDDEN));
                tensors.put(p + "self_attn.v_proj.weight", random(arena, rng, KV, HIDDEN));
                tensors.put(p + "self_attn.o_proj.weight", random(arena, rng, HIDDEN, HIDDEN));
                tensors.put(p + "post_attention_layernorm.weight", random(arena, rng, HIDDEN));
                tensors.put(p + "mlp.gate_proj.weight", random(arena, rng, INTERMEDIATE, HIDDEN));
                tensors.put(p + "mlp.up_proj.weight", random(arena, rng, INTERMEDIATE, HIDDEN));
                tensors.put(p + "mlp.down_proj.weight", random(arena, rng, HIDDEN, INTERMEDIATE));
            }
            tensors.put("model.norm.weight", random(arena, rng, HIDDEN));
            tensors.put("lm_head.weight", random(arena, rng, VOCAB, HIDDEN));
            SafetensorsWriter.write(file, tensors, Map.of("format", "pt"));
        }
    }

    /** Uniform values in [-0.05, 0.05), rounded to bfloat16, in a native segment. */
    private static Tensor random(Arena arena, SplittableRandom rng, int... shape) {
        long n = 1;
        for (int d : shape) n *= d;
        MemorySegment seg = arena.allocate(2 * n, 8);
        for (long i = 0; i < n; i++) {
            float v = (rng.nextInt() >> 8) * (0.05f / (1 << 23));
            seg.set(BF16, 2 * i, (short) ((Float.floatToRawIntBits(v) + 0x8000) >>> 16));
        }
        return Tensor.ofSegment(seg, DType.BF16, shape);
    }
}
