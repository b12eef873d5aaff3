package org.peft4j.weights.onnx;

import org.peft4j.weights.WeightsFormatException;

/** An .onnx file that is not a well-formed ModelProto, or whose tensors cannot be read or mapped. */
public class OnnxFormatException extends WeightsFormatException {
    public OnnxFormatException(String source, String tensor, long byteOffset, String problem) {
        super(source, tensor, byteOffset, problem);
    }
}
