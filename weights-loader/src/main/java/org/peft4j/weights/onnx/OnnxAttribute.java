package org.peft4j.weights.onnx;

/** The scalar parts of an AttributeProto that weight import needs: name, int, float, string, ints. */
public record OnnxAttribute(String name, long i, float f, String s, long[] ints) {
    public OnnxAttribute {
        ints = ints.clone();
    }

    @Override public long[] ints() { return ints.clone(); }
}
