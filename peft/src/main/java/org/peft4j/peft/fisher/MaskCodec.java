package org.peft4j.peft.fisher;

import org.peft4j.tensor.DType;
import org.peft4j.tensor.Tensor;
import org.peft4j.weights.safetensors.SafetensorsFile;
import org.peft4j.weights.safetensors.SafetensorsWriter;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link FisherMask} as safetensors: for each parameter key K, {@code K} is a U8 tensor [ceil(N/8)] of packed bits
 * (entry i at byte i/8, bit i%8, LSB first — numpy.packbits(bitorder="little")) and {@code K.shape} an I64 tensor of
 * the parameter's shape; metadata {"format": "peft4j-fisher-mask", "bit_order": "little"}.
 */
public final class MaskCodec {
    public static final String FORMAT = "peft4j-fisher-mask";
    private static final String SHAPE = ".shape";

    private MaskCodec() {}

    public static Map<String, Tensor> toTensors(FisherMask mask) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (var e : mask.masks().entrySet()) {
            byte[] bits = e.getValue().toBytes();
            out.put(e.getKey(), Tensor.ofSegment(MemorySegment.ofArray(bits), DType.U8, bits.length));
            int[] shape = e.getValue().shape();
            long[] s = new long[shape.length];
            for (int i = 0; i < s.length; i++) s[i] = shape[i];
            out.put(e.getKey() + SHAPE, Tensor.ofLongs(s, s.length));
        }
        return out;
    }

    public static FisherMask fromTensors(Map<String, Tensor> tensors) {
        Map<String, BitMask> masks = new LinkedHashMap<>();
        for (var e : tensors.entrySet()) {
            String k = e.getKey();
            if (k.endsWith(SHAPE)) continue;
            Tensor bits = e.getValue(), shape = tensors.get(k + SHAPE);
            if (bits.dtype() != DType.U8 || bits.dim() != 1)
                throw new IllegalArgumentException("mask '" + k + "': expected U8 [bytes] packed bits, found " + bits.dtype() + " " + java.util.Arrays.toString(bits.shape()));
            if (shape == null || shape.dtype().isFloating() || shape.dim() != 1)
                throw new IllegalArgumentException("mask '" + k + "': missing integer tensor '" + k + SHAPE + "' with the parameter's shape");
            long[] s = shape.toLongArray();
            int[] dims = new int[s.length];
            for (int i = 0; i < s.length; i++) {
                if (s[i] < 0 || s[i] > Integer.MAX_VALUE) throw new IllegalArgumentException("mask '" + k + "': bad dimension " + s[i]);
                dims[i] = (int) s[i];
            }
            byte[] b = new byte[bits.numel()];
            for (int i = 0; i < b.length; i++) b[i] = (byte) bits.getLong(i);
            masks.put(k, BitMask.fromBytes(b, dims));
        }
        return new FisherMask(masks);
    }

    public static byte[] toBytes(FisherMask mask) { return SafetensorsWriter.toBytes(toTensors(mask), metadata()); }

    public static FisherMask fromBytes(byte[] payload) throws IOException { return fromTensors(SafetensorsWriter.fromBytes(payload)); }

    public static void write(Path file, FisherMask mask) throws IOException { SafetensorsWriter.write(file, toTensors(mask), metadata()); }

    public static FisherMask read(Path file) throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            Map<String, Tensor> copy = new LinkedHashMap<>();
            for (var e : f.tensors().entrySet()) copy.put(e.getKey(), e.getValue());
            return fromTensors(copy);
        }
    }

    private static Map<String, String> metadata() { return Map.of("format", FORMAT, "bit_order", "little"); }

}
