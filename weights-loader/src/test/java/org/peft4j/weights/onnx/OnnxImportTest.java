package org.peft4j.weights.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peft4j.tensor.DType;
import org.peft4j.tensor.Tensor;

/**
 * Hand-built ONNX graphs (written with a tiny protobuf encoder below) covering each way an exporter stores a Linear
 * weight, each TensorProto data field, external data, and malformed files.
 */
class OnnxImportTest {
    @TempDir Path tmp;

    /** A minimal protocol buffers encoder, for building test files. */
    static final class Pb {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Pb rawVarint(long v) {
            while ((v & ~0x7fL) != 0) { out.write((int) ((v & 0x7f) | 0x80)); v >>>= 7; }
            out.write((int) v);
            return this;
        }

        Pb varint(int field, long v) { return rawVarint((long) field << 3).rawVarint(v); }

        Pb bytes(int field, byte[] b) { rawVarint((long) field << 3 | 2).rawVarint(b.length); out.writeBytes(b); return this; }

        Pb string(int field, String s) { return bytes(field, s.getBytes(StandardCharsets.UTF_8)); }

        Pb message(int field, Pb m) { return bytes(field, m.out.toByteArray()); }

        Pb fixed32(int field, int v) {
            rawVarint((long) field << 3 | 5);
            for (int i = 0; i < 4; i++) out.write(v >>> (8 * i));
            return this;
        }

        Pb packed(int field, long... values) {
            Pb p = new Pb();
            for (long v : values) p.rawVarint(v);
            return bytes(field, p.out.toByteArray());
        }

        byte[] toByteArray() { return out.toByteArray(); }
    }

    static byte[] floats(float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) b.putFloat(x);
        return b.array();
    }

    static Pb tensor(String name, int dataType, long[] dims, byte[] raw) {
        Pb t = new Pb().packed(1, dims).varint(2, dataType).string(8, name);
        return raw == null ? t : t.bytes(9, raw);
    }

    static Pb node(String name, String op, String[] in, String[] out, Pb... attrs) {
        Pb n = new Pb();
        for (String i : in) n.string(1, i);
        for (String o : out) n.string(2, o);
        n.string(3, name).string(4, op);
        for (Pb a : attrs) n.message(5, a);
        return n;
    }

    static Pb intAttr(String name, long v) { return new Pb().string(1, name).varint(3, v).varint(20, 2); }

    static Pb intsAttr(String name, long... v) { return new Pb().string(1, name).packed(8, v).varint(20, 7); }

    static byte[] model(Pb graph) {
        return new Pb().varint(1, 8).string(2, "test").string(3, "1.0")
                .message(8, new Pb().string(1, "").varint(2, 14)).message(7, graph).toByteArray();
    }

    Path write(byte[] bytes) throws Exception {
        Path p = tmp.resolve("model.onnx");
        Files.write(p, bytes);
        return p;
    }

    /** A graph exercising every placement rule. */
    static Pb graph() {
        float[] w1 = {1, 2, 3, 4, 5, 6}; // [in=3, out=2]: x @ W
        Pb g = new Pb().string(2, "g");
        // 1. MatMul + Add(bias): the bias names the weight
        g.message(5, tensor("onnx::MatMul_1", 1, new long[]{3, 2}, floats(w1)));
        g.message(5, tensor("lin.bias", 1, new long[]{2}, floats(0.5f, -0.5f)));
        g.message(1, node("/lin/MatMul", "MatMul", new String[]{"x", "onnx::MatMul_1"}, new String[]{"m1"}));
        g.message(1, node("/lin/Add", "Add", new String[]{"lin.bias", "m1"}, new String[]{"a1"}));
        // 2. Gemm with an anonymous B, transB=0, and a named bias
        g.message(5, tensor("onnx::Gemm_5", 1, new long[]{3, 2}, floats(w1)));
        g.message(5, tensor("head.bias", 1, new long[]{2}, floats(0, 0)));
        g.message(1, node("/head/Gemm", "Gemm", new String[]{"a1", "onnx::Gemm_5", "head.bias"}, new String[]{"g1"}, intAttr("transB", 0)));
        // 2b. Gemm with transB=1 and an anonymous B: already [out, in]
        g.message(5, tensor("onnx::Gemm_6", 1, new long[]{2, 3}, floats(w1)));
        g.message(5, tensor("cls.bias", 1, new long[]{2}, floats(0, 0)));
        g.message(1, node("/cls/Gemm", "Gemm", new String[]{"a1", "onnx::Gemm_6", "cls.bias"}, new String[]{"g2"}, intAttr("transB", 1)));
        // 3. MatMul without bias: the node's scope names the weight
        g.message(5, tensor("onnx::MatMul_7", 1, new long[]{2, 3}, floats(w1)));
        g.message(1, node("/layers.0/mlp/down_proj/MatMul", "MatMul", new String[]{"g1", "onnx::MatMul_7"}, new String[]{"m3"}));
        // 4. Transpose(W) into a MatMul: W is [out, in] already
        g.message(5, tensor("onnx::Transpose_9", 1, new long[]{2, 3}, floats(w1)));
        g.message(5, tensor("t.bias", 1, new long[]{2}, floats(1, 1)));
        g.message(1, node("/t/Transpose", "Transpose", new String[]{"onnx::Transpose_9"}, new String[]{"tw"}, intsAttr("perm", 1, 0)));
        g.message(1, node("/t/MatMul", "MatMul", new String[]{"m3", "tw"}, new String[]{"m4"}));
        g.message(1, node("/t/Add", "Add", new String[]{"m4", "t.bias"}, new String[]{"a4"}));
        // 5. a shape constant in int64_data: not a weight
        g.message(5, new Pb().packed(1, 2).varint(2, 7).string(8, "onnx::Reshape_11").packed(7, 1, -1));
        g.message(1, node("/Reshape", "Reshape", new String[]{"a4", "onnx::Reshape_11"}, new String[]{"r"}));
        // 6. float_data, packed and unpacked; FLOAT16 bits in int32_data
        g.message(5, new Pb().packed(1, 3).varint(2, 1).string(8, "norm.weight").bytes(4, floats(1, 2, 3)));
        g.message(5, new Pb().packed(1, 2).varint(2, 1).string(8, "norm.bias").fixed32(4, Float.floatToIntBits(7)).fixed32(4, Float.floatToIntBits(8)));
        g.message(5, new Pb().packed(1, 2).varint(2, 10).string(8, "half.weight").packed(5, Float.floatToFloat16(1.5f) & 0xffff, Float.floatToFloat16(-2f) & 0xffff));
        // 7. external data
        g.message(5, new Pb().packed(1, 2, 2).varint(2, 1).string(8, "emb.weight")
                .message(13, new Pb().string(1, "location").string(2, "weights.bin"))
                .message(13, new Pb().string(1, "offset").string(2, "8"))
                .message(13, new Pb().string(1, "length").string(2, "16"))
                .varint(14, 1));
        // 8. one anonymous weight feeding two Linears with different biases (tied): left unmapped, with the reason
        g.message(5, tensor("onnx::MatMul_20", 1, new long[]{3, 2}, floats(w1)));
        g.message(5, tensor("p.bias", 1, new long[]{2}, floats(0, 0)));
        g.message(5, tensor("q.bias", 1, new long[]{2}, floats(0, 0)));
        g.message(1, node("/p/MatMul", "MatMul", new String[]{"x", "onnx::MatMul_20"}, new String[]{"pm"}));
        g.message(1, node("/p/Add", "Add", new String[]{"pm", "p.bias"}, new String[]{"pa"}));
        g.message(1, node("/q/MatMul", "MatMul", new String[]{"x", "onnx::MatMul_20"}, new String[]{"qm"}));
        g.message(1, node("/q/Add", "Add", new String[]{"qm", "q.bias"}, new String[]{"qa"}));
        g.message(11, new Pb().string(1, "x"));
        g.message(12, new Pb().string(1, "r"));
        return g;
    }

    @Test
    void everyPlacementRule() throws Exception {
        Path file = write(model(graph()));
        Files.write(tmp.resolve("weights.bin"), floats(-1, -1, 10, 20, 30, 40, -1));
        try (OnnxModel m = OnnxModel.open(file)) {
            assertEquals("test 1.0", m.producer());
            assertEquals(14L, m.opsets().get(""));
            assertEquals("g", m.graphName());
            OnnxImport imp = OnnxWeightImporter.importWeights(m);
            float[][] w1T = {{1, 3, 5}, {2, 4, 6}}; // [out, in]
            assertMatrix(w1T, imp.tensors().get("lin.weight"));
            assertMatrix(w1T, imp.tensors().get("head.weight"));
            assertMatrix(new float[][]{{1, 2, 3}, {4, 5, 6}}, imp.tensors().get("cls.weight"));
            assertMatrix(new float[][]{{1, 4}, {2, 5}, {3, 6}}, imp.tensors().get("layers.0.mlp.down_proj.weight"));
            assertMatrix(new float[][]{{1, 2, 3}, {4, 5, 6}}, imp.tensors().get("t.weight"));
            assertTrue(imp.origin().get("layers.0.mlp.down_proj.weight").contains("node /layers.0/mlp/down_proj/MatMul"));
            assertArrayEquals(new float[]{1, 2, 3}, imp.tensors().get("norm.weight").toFloatArray());
            assertArrayEquals(new float[]{7, 8}, imp.tensors().get("norm.bias").toFloatArray());
            Tensor half = imp.tensors().get("half.weight");
            assertEquals(DType.F16, half.dtype());
            assertArrayEquals(new float[]{1.5f, -2f}, half.toFloatArray());
            assertMatrix(new float[][]{{10, 20}, {30, 40}}, imp.tensors().get("emb.weight"));
            assertTrue(imp.unmapped().containsKey("onnx::Reshape_11"));
            assertArrayEquals(new long[]{1, -1}, m.tensor("onnx::Reshape_11").toLongArray());
            assertTrue(imp.unmapped().get("onnx::MatMul_20").contains("tied"), imp.unmapped().toString());
            assertFalse(imp.tensors().containsKey("p.weight"));
        }
    }

    static void assertMatrix(float[][] expected, Tensor t) {
        assertArrayEquals(new int[]{expected.length, expected[0].length}, t.shape());
        for (int i = 0; i < expected.length; i++) assertArrayEquals(expected[i], t.select(0, i).toFloatArray());
    }

    @Test
    void scopeNames() {
        assertEquals("encoder.layer.0.attention.self.query.weight", OnnxWeightImporter.scopeName("/encoder/layer.0/attention/self/query/MatMul"));
        assertEquals(null, OnnxWeightImporter.scopeName("MatMul_12"));
        assertTrue(OnnxWeightImporter.looksLikeHfName("bert.embeddings.LayerNorm.weight"));
        assertFalse(OnnxWeightImporter.looksLikeHfName("onnx::MatMul_885"));
        assertFalse(OnnxWeightImporter.looksLikeHfName("1234"));
    }

    @Test
    void externalDataMustStayInTheModelFolder() throws Exception {
        Pb g = new Pb().message(5, new Pb().packed(1, 1).varint(2, 1).string(8, "e.weight")
                .message(13, new Pb().string(1, "location").string(2, "../outside.bin")).varint(14, 1));
        try (OnnxModel m = OnnxModel.open(write(model(g)))) {
            var e = assertThrows(OnnxFormatException.class, () -> m.tensor("e.weight"));
            assertTrue(e.getMessage().contains("relative path inside the model's folder"), e.getMessage());
        }
        Pb missing = new Pb().message(5, new Pb().packed(1, 1).varint(2, 1).string(8, "e.weight")
                .message(13, new Pb().string(1, "location").string(2, "absent.bin")).varint(14, 1));
        try (OnnxModel m = OnnxModel.open(write(model(missing)))) {
            var e = assertThrows(OnnxFormatException.class, () -> m.tensor("e.weight"));
            assertEquals("e.weight", e.tensor());
            assertTrue(e.getMessage().contains("absent.bin is missing"), e.getMessage());
        }
    }

    @Test
    void malformedFilesFailWithTheOffset() throws Exception {
        byte[] good = model(graph());
        for (int cut : new int[]{1, 5, 20, good.length / 2, good.length - 1}) {
            byte[] truncated = Arrays.copyOf(good, cut);
            var e = assertThrows(OnnxFormatException.class, () -> OnnxModel.open(write(truncated)).close(), "cut at " + cut);
            assertTrue(e.byteOffset() >= 0 && e.byteOffset() <= cut, e.getMessage());
        }
        var none = assertThrows(OnnxFormatException.class, () -> OnnxModel.open(write(new Pb().varint(1, 8).toByteArray())).close());
        assertTrue(none.getMessage().contains("with a graph"), none.getMessage());
        var wire = assertThrows(OnnxFormatException.class, () -> OnnxModel.open(write(new byte[]{0x0b, 0x00})).close());
        assertTrue(wire.getMessage().contains("wire type 3"), wire.getMessage());
        var sizes = new Pb().message(5, tensor("w", 1, new long[]{4}, floats(1, 2)));
        try (OnnxModel m = OnnxModel.open(write(model(sizes)))) {
            var e = assertThrows(OnnxFormatException.class, () -> m.tensor("w"));
            assertTrue(e.getMessage().contains("need 16 bytes, the tensor holds 8"), e.getMessage());
        }
        var str = new Pb().message(5, tensor("s", 8, new long[]{1}, new byte[1]));
        try (OnnxModel m = OnnxModel.open(write(model(str)))) {
            var e = assertThrows(OnnxFormatException.class, () -> m.tensor("s"));
            assertTrue(e.getMessage().contains("STRING has no peft4j dtype"), e.getMessage());
        }
    }

    @Test
    void fuzzedGraphsFailCleanlyOrParse() throws Exception {
        byte[] good = model(graph());
        Files.write(tmp.resolve("weights.bin"), floats(-1, -1, 10, 20, 30, 40, -1));
        java.util.Random rng = new java.util.Random(11);
        for (int i = 0; i < 3000; i++) {
            byte[] b = good.clone();
            for (int k = 0; k < 1 + rng.nextInt(3); k++) b[rng.nextInt(b.length)] ^= (byte) (1 << rng.nextInt(8));
            if (rng.nextInt(4) == 0) b = Arrays.copyOf(b, rng.nextInt(b.length));
            boolean viaFile = i % 20 == 0; // most cases in memory (mapping a file per case is slow), some through the mmap path
            String source = viaFile ? tmp.resolve("model.onnx").toString() : "case " + i;
            try (OnnxModel m = viaFile ? OnnxModel.open(write(b)) : OnnxModel.fromBytes(b, source)) {
                try {
                    OnnxWeightImporter.importWeights(m);
                } catch (OnnxFormatException expected) {
                    assertTrue(expected.getMessage().startsWith(source));
                }
            } catch (OnnxFormatException expected) {
                assertTrue(expected.getMessage().startsWith(source));
            } catch (Exception | Error other) {
                throw new AssertionError("case " + i + ": expected OnnxFormatException or a parse, got " + other, other);
            }
        }
    }
}
