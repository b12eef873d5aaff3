package org.peft4j.federated.protocol;

import java.util.Map;
import org.peft4j.tensor.Tensor;

/**
 * Turns a named tensor map into the bytes of a frame's tensor section and back. The wire format is safetensors
 * ({@link SafetensorsTensorCodec}); the interface keeps the frame layer independent of how tensors are encoded.
 */
public interface TensorCodec {
    byte[] encode(Map<String, Tensor> tensors);

    /**
     * Decodes bytes [offset, offset+length) of buf. Tensors may be views over buf: the caller must not modify it.
     *
     * @throws TensorFormatException when the bytes are not a valid tensor section
     */
    Map<String, Tensor> decode(byte[] buf, int offset, int length);
}
