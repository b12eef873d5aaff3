package org.peft4j.federated.server;

import java.util.Arrays;
import java.util.Map;
import org.peft4j.federated.protocol.SparseTensor;
import org.peft4j.federated.protocol.TensorUpdate;
import org.peft4j.tensor.DType;
import org.peft4j.tensor.Tensor;

/** Checks a client update against the global adapter before it may touch the average. */
public final class UpdateValidator {
    private UpdateValidator() {}

    public static void validate(Map<String, Tensor> global, long samples, TensorUpdate update) throws InvalidUpdateException {
        if (samples < 1) throw new InvalidUpdateException("sample count " + samples + " (must be >= 1)");
        if (update.isEmpty()) throw new InvalidUpdateException("update carries no tensors");
        for (Map.Entry<String, Tensor> e : update.dense().entrySet()) {
            Tensor g = expected(global, e.getKey());
            Tensor t = e.getValue();
            if (t.dtype() != DType.F32) throw new InvalidUpdateException("tensor '" + e.getKey() + "' is " + t.dtype() + ", expected F32");
            if (!Arrays.equals(t.shape(), g.shape()))
                throw new InvalidUpdateException("tensor '" + e.getKey() + "' has shape " + Arrays.toString(t.shape()) + ", expected " + Arrays.toString(g.shape()));
            requireFinite(e.getKey(), Floats.of(t));
        }
        for (Map.Entry<String, SparseTensor> e : update.sparse().entrySet()) {
            Tensor g = expected(global, e.getKey());
            SparseTensor s = e.getValue();
            if (!Arrays.equals(s.shape(), g.shape()))
                throw new InvalidUpdateException("sparse tensor '" + e.getKey() + "' has shape " + Arrays.toString(s.shape()) + ", expected " + Arrays.toString(g.shape()));
            requireFinite(e.getKey(), s.values());
        }
    }

    private static Tensor expected(Map<String, Tensor> global, String name) throws InvalidUpdateException {
        Tensor g = global.get(name);
        if (g == null) throw new InvalidUpdateException("tensor '" + name + "' is not part of the global adapter (" + global.size() + " tensors)");
        return g;
    }

    private static void requireFinite(String name, float[] v) throws InvalidUpdateException {
        for (int i = 0; i < v.length; i++)
            if (!Float.isFinite(v[i])) throw new InvalidUpdateException("tensor '" + name + "' element " + i + " is " + v[i]);
    }
}
