package org.peft4j.federated.protocol;

import java.util.Map;
import org.peft4j.tensor.Tensor;

/**
 * Turns a named tensor map into the bytes of a frame's tensor section and back. The wire format is safetensors
 * ({@link SafetensorsCodec}); the interface exists so the weights module's writer can be plugged in unchanged.
 */
public interface TensorCodec {
    byte[] encode(Map<String, Tensor> tensors);

    /**
     * Decodes bytes [offset, offset+length) of buf. Decoded tensors own their memory (they never alias buf).
     *
     * @throws TensorFormatException when the bytes are not a valid tensor section
     */
    Map<String, Tensor> decode(byte[] buf, int offset, int length);
}
