package org.peft4j.federated.protocol;

import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.TreeMap;
import org.peft4j.tensor.Tensor;
import org.peft4j.weights.safetensors.SafetensorsFile;
import org.peft4j.weights.safetensors.SafetensorsFormatException;
import org.peft4j.weights.safetensors.SafetensorsWriter;

/**
 * The wire's tensor section is safetensors, read and written by the weights module: encoding is byte-identical
 * to a file Hugging Face's writer would produce, decoding applies the reference implementation's validation
 * (header bounds, offsets tiling the data exactly, byte counts matching shapes). Decoded tensors are read-only
 * views over the frame payload, which nothing else holds.
 */
public final class SafetensorsTensorCodec implements TensorCodec {
    @Override
    public byte[] encode(Map<String, Tensor> tensors) {
        for (String name : tensors.keySet())
            if (name == null || name.isEmpty()) throw new IllegalArgumentException("tensor names must be non-empty");
        return SafetensorsWriter.toBytes(tensors, Map.of());
    }

    @Override
    public Map<String, Tensor> decode(byte[] buf, int offset, int length) {
        try {
            SafetensorsFile f = SafetensorsFile.fromSegment(MemorySegment.ofArray(buf).asSlice(offset, length), "tensor section");
            return new TreeMap<>(f.tensors());
        } catch (SafetensorsFormatException e) {
            throw new TensorFormatException(e.getMessage(), e);
        }
    }
}
