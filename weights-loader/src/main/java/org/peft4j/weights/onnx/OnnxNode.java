package org.peft4j.weights.onnx;

import java.util.List;
import java.util.Map;

/** A graph node: its op (MatMul, Add, Gemm, ...), the value names it reads and writes, and its attributes. */
public record OnnxNode(String name, String opType, String domain, List<String> inputs, List<String> outputs,
                       Map<String, OnnxAttribute> attributes) {
    public OnnxNode {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        attributes = Map.copyOf(attributes);
    }

    /** An integer attribute (e.g. Gemm's transB), or the default when absent. */
    public long intAttribute(String key, long def) {
        OnnxAttribute a = attributes.get(key);
        return a == null ? def : a.i();
    }

    /** Input i, or "" when the node has fewer inputs (ONNX also writes "" for an omitted optional input). */
    public String input(int i) { return i < inputs.size() ? inputs.get(i) : ""; }
}
