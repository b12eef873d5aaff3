package org.peft4j.weights.onnx;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.peft4j.tensor.Tensor;

/**
 * The weights recovered from an ONNX graph under Hugging Face names. {@code tensors} are views over the mapped
 * .onnx file (linear weights as transposed views, [out, in]); {@code origin} says which initializer each came from;
 * {@code unmapped} lists the initializers that got no name, with the reason (e.g. shape constants).
 */
public record OnnxImport(Map<String, Tensor> tensors, Map<String, String> origin, Map<String, String> unmapped) {
    public OnnxImport {
        tensors = Collections.unmodifiableMap(new TreeMap<>(tensors));
        origin = Collections.unmodifiableMap(new TreeMap<>(origin));
        unmapped = Collections.unmodifiableMap(new LinkedHashMap<>(unmapped));
    }

    public List<String> names() { return List.copyOf(tensors.keySet()); }
}
