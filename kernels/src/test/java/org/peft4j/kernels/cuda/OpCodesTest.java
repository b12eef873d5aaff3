package org.peft4j.kernels.cuda;

import org.junit.jupiter.api.Test;
import org.peft4j.kernels.cpu.BinaryOp;
import org.peft4j.kernels.cpu.UnaryOp;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The op-code enums in the CUDA sources agree with the Java enums whose ordinals the launches pass. */
class OpCodesTest {
    private static Map<String, Integer> cEnum(String file, String name) throws Exception {
        String src = PtxFilesTest.resource("/org/peft4j/kernels/cuda/src/" + file);
        Matcher m = Pattern.compile("enum " + name + "\\s*\\{([^}]*)}").matcher(src);
        if (!m.find()) throw new AssertionError("enum " + name + " not found in " + file);
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String item : m.group(1).split(",")) {
            String[] kv = item.trim().split("\\s*=\\s*");
            out.put(kv[0].trim(), Integer.parseInt(kv[1].trim()));
        }
        return out;
    }

    @Test
    void unaryAndBinaryCodesAreTheJavaOrdinals() throws Exception {
        Map<String, Integer> unary = cEnum("elementwise.cu", "UnaryCode");
        for (UnaryOp op : UnaryOp.values()) assertEquals(op.ordinal(), unary.get("U_" + op.name()), "UnaryCode U_" + op);
        assertEquals(CudaKernels.COPY_CODE, unary.get("U_COPY"));
        assertEquals(UnaryOp.values().length + 1, unary.size(), "UnaryCode has codes without a UnaryOp");
        Map<String, Integer> binary = cEnum("elementwise.cu", "BinaryCode");
        for (BinaryOp op : BinaryOp.values()) assertEquals(op.ordinal(), binary.get("B_" + op.name()), "BinaryCode B_" + op);
        assertEquals(BinaryOp.values().length, binary.size());
    }

    @Test
    void activationAndWeightFormatCodesMatch() throws Exception {
        Map<String, Integer> act = cEnum("activations.cu", "ActivationCode");
        for (Activation a : Activation.values()) assertEquals(a.code(), act.get("A_" + a.name()), "ActivationCode A_" + a);
        Map<String, Integer> fmt = cEnum("embedding.cu", "WeightFormat");
        for (CudaKernels.WeightFormat f : CudaKernels.WeightFormat.values()) assertEquals(f.ordinal(), fmt.get("W_" + f.name()), "WeightFormat W_" + f);
    }
}
