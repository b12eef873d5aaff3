package org.peft4j.weights.onnx;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.peft4j.tensor.Tensor;

/**
 * Gives an exported transformer's initializers back their Hugging Face names and layouts.
 *
 * <p>torch.onnx keeps a parameter's name when it is used as is (biases, LayerNorm weights, embeddings), but a
 * Linear's weight is used transposed ({@code x @ W^T}), and constant folding stores {@code W^T} ([in, out]) as a new
 * initializer with a generated name such as {@code onnx::MatMul_885}. Walking the graph recovers it: such an
 * initializer is the second input of a MatMul whose output feeds an Add with the Linear's bias, and the bias keeps
 * its HF name ({@code ...query.bias} gives {@code ...query.weight}); without a bias, the MatMul node's scope name
 * ({@code /encoder/layer.0/attention/self/query/MatMul}) gives it. The weight is returned as a transposed view,
 * [out, in] as in a PyTorch state dict. Gemm (with its transB attribute) and an explicit Transpose in front of a
 * MatMul are handled the same way. Initializers that already have HF-style names are kept as they are.
 */
public final class OnnxWeightImporter {
    private static final Pattern HF_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z0-9_]+)+");

    private OnnxWeightImporter() {}

    /** True for names like {@code encoder.layer.0.attention.self.query.bias}; false for {@code onnx::MatMul_885}, {@code 1234}. */
    static boolean looksLikeHfName(String name) {
        return !name.startsWith("onnx::") && HF_NAME.matcher(name).matches();
    }

    /** Where a generated initializer belongs: its HF name and whether it must be transposed to [out, in]. */
    private record Placement(String name, boolean transpose, String why) {}

    public static OnnxImport importWeights(OnnxModel model) throws IOException {
        Map<String, List<OnnxNode>> consumers = new HashMap<>();
        Map<String, OnnxNode> producers = new HashMap<>();
        for (OnnxNode n : model.nodes()) {
            for (String in : n.inputs()) consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
            for (String out : n.outputs()) producers.put(out, n);
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, String> origin = new LinkedHashMap<>();
        Map<String, String> unmapped = new LinkedHashMap<>();
        List<String> recovered = new ArrayList<>();
        for (OnnxInitializer init : model.initializers().values()) {
            if (looksLikeHfName(init.name())) {
                put(model, tensors, origin, init.name(), model.tensor(init.name()), init.name());
                continue;
            }
            Placement p;
            try {
                p = place(model, init, consumers);
            } catch (IllegalStateException ambiguous) {
                unmapped.put(init.name(), ambiguous.getMessage());
                continue;
            }
            if (p == null) {
                unmapped.put(init.name(), "not the weight of a MatMul/Gemm with a named bias or scope (" + init.dataTypeName()
                        + " " + java.util.Arrays.toString(init.dims()) + ")");
                continue;
            }
            Tensor t = model.tensor(init.name());
            if (t.dim() != 2) {
                unmapped.put(init.name(), "used as a " + p.name + " weight but has " + t.dim() + " dims");
                continue;
            }
            put(model, tensors, origin, p.name, p.transpose ? t.transpose(0, 1) : t, init.name() + (p.transpose ? " transposed" : "") + " (" + p.why + ")");
            recovered.add(p.name);
        }
        checkAgainstBiases(model, tensors, recovered);
        return new OnnxImport(tensors, origin, unmapped);
    }

    private static void put(OnnxModel model, Map<String, Tensor> tensors, Map<String, String> origin, String name, Tensor t, String from)
            throws OnnxFormatException {
        if (tensors.putIfAbsent(name, t) != null)
            throw new OnnxFormatException(model.source(), name, -1, "two initializers map to this name: " + origin.get(name) + " and " + from);
        origin.put(name, from);
    }

    /** The placement implied by every node that reads this initializer; they must agree. */
    private static Placement place(OnnxModel model, OnnxInitializer init, Map<String, List<OnnxNode>> consumers) {
        Placement found = null;
        for (OnnxNode c : consumers.getOrDefault(init.name(), List.of())) {
            Placement p = switch (c.opType()) {
                case "MatMul" -> c.input(1).equals(init.name()) ? linear(model, c, true, consumers) : null;
                case "Gemm" -> c.input(1).equals(init.name()) ? gemm(model, c, consumers) : null;
                case "Transpose" -> transposeIntoMatMul(model, c, consumers);
                default -> null;
            };
            if (p == null) continue;
            if (found != null && !found.name.equals(p.name))
                throw new IllegalStateException("used as the weight of both " + found.name + " and " + p.name + " (tied weights are not recovered)");
            found = p;
        }
        return found;
    }

    /** A MatMul computing x @ W: the HF weight is W^T when W is the stored initializer. */
    private static Placement linear(OnnxModel model, OnnxNode matmul, boolean transpose, Map<String, List<OnnxNode>> consumers) {
        String out = matmul.outputs().isEmpty() ? "" : matmul.outputs().get(0);
        for (OnnxNode add : consumers.getOrDefault(out, List.of())) {
            if (!add.opType().equals("Add")) continue;
            String other = add.input(0).equals(out) ? add.input(1) : add.input(0);
            if (other.endsWith(".bias") && looksLikeHfName(other) && model.initializers().containsKey(other))
                return new Placement(other.substring(0, other.length() - ".bias".length()) + ".weight", transpose, "its bias is " + other);
        }
        String scoped = scopeName(matmul.name());
        return scoped == null ? null : new Placement(scoped, transpose, "node " + matmul.name());
    }

    private static Placement gemm(OnnxModel model, OnnxNode gemm, Map<String, List<OnnxNode>> consumers) {
        boolean transB = gemm.intAttribute("transB", 0) != 0;
        String bias = gemm.input(2);
        if (bias.endsWith(".bias") && looksLikeHfName(bias) && model.initializers().containsKey(bias))
            return new Placement(bias.substring(0, bias.length() - ".bias".length()) + ".weight", !transB, "its bias is " + bias);
        String scoped = scopeName(gemm.name());
        return scoped == null ? null : new Placement(scoped, !transB, "node " + gemm.name());
    }

    /** Transpose(W) feeding a MatMul's second input: W itself is [out, in] already. */
    private static Placement transposeIntoMatMul(OnnxModel model, OnnxNode transpose, Map<String, List<OnnxNode>> consumers) {
        long[] perm = transpose.attributes().containsKey("perm") ? transpose.attributes().get("perm").ints() : new long[]{1, 0};
        if (perm.length != 2 || perm[0] != 1 || perm[1] != 0 || transpose.outputs().isEmpty()) return null;
        for (OnnxNode c : consumers.getOrDefault(transpose.outputs().get(0), List.of()))
            if (c.opType().equals("MatMul") && c.input(1).equals(transpose.outputs().get(0))) return linear(model, c, false, consumers);
        return null;
    }

    /** "/encoder/layer.0/attention/self/query/MatMul" -> "encoder.layer.0.attention.self.query.weight". */
    static String scopeName(String nodeName) {
        String[] parts = nodeName.split("/");
        List<String> scope = new ArrayList<>();
        for (int i = 0; i < parts.length - 1; i++) if (!parts[i].isEmpty()) scope.add(parts[i]);
        if (scope.isEmpty()) return null;
        String name = String.join(".", scope) + ".weight";
        return looksLikeHfName(name) ? name : null;
    }

    /** A recovered [out, in] weight must have as many rows as its bias has elements (checks the transpose guess). */
    private static void checkAgainstBiases(OnnxModel model, Map<String, Tensor> tensors, List<String> recovered) throws OnnxFormatException {
        for (String name : recovered) {
            Tensor w = tensors.get(name);
            Tensor bias = tensors.get(name.substring(0, name.length() - ".weight".length()) + ".bias");
            if (bias != null && bias.dim() == 1 && bias.size(0) != w.size(0))
                throw new OnnxFormatException(model.source(), name, -1, "recovered weight " + java.util.Arrays.toString(w.shape())
                        + " does not match its bias of " + bias.size(0) + " elements");
        }
    }
}
