package org.peft4j.weights.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peft4j.tensor.DType;
import org.peft4j.tensor.SegmentStorage;
import org.peft4j.tensor.Tensor;

class SafetensorsRoundTripTest {
    @TempDir Path tmp;

    /** A tensor of any dtype over raw little-endian bytes (how F16/BF16/I8/... tensors exist in peft4j). */
    static Tensor raw(DType dtype, byte[] bytes, int... shape) {
        return Tensor.ofSegment(MemorySegment.ofArray(bytes), dtype, shape);
    }

    static byte[] randomBytes(Random rng, int n) {
        byte[] b = new byte[n];
        rng.nextBytes(b);
        return b;
    }

    static Map<String, Tensor> everyDtype(Random rng) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("f32.heap", Tensor.randn(rng, 1f, 3, 5));
        m.put("i64.heap", Tensor.ofLongs(new long[]{Long.MIN_VALUE, -1, 0, 1, Long.MAX_VALUE, 42}, 2, 3));
        m.put("i32.heap", Tensor.ofInts(new int[]{Integer.MIN_VALUE, -7, 0, 7, Integer.MAX_VALUE}, 5));
        m.put("f64.seg", raw(DType.F64, randomBytes(rng, 8 * 6), 2, 3));
        m.put("f16.seg", raw(DType.F16, randomBytes(rng, 2 * 12), 3, 4));
        m.put("bf16.seg", raw(DType.BF16, randomBytes(rng, 2 * 12), 4, 3));
        m.put("i16.seg", raw(DType.I16, randomBytes(rng, 2 * 7), 7));
        m.put("i8.seg", raw(DType.I8, randomBytes(rng, 9), 3, 3));
        m.put("u8.seg", raw(DType.U8, randomBytes(rng, 5), 5));
        m.put("bool.seg", raw(DType.BOOL, new byte[]{0, 1, 1, 0}, 2, 2));
        m.put("scalar", Tensor.of(new float[]{3.5f}));
        m.put("empty", Tensor.zeros(0, 4));
        m.put("unicode.ünï \"quoted\"\n", Tensor.of(new float[]{1, 2}, 2));
        return m;
    }

    static void assertSameTensor(String name, Tensor expected, Tensor actual) {
        assertEquals(expected.dtype(), actual.dtype(), name);
        assertArrayEquals(expected.shape(), actual.shape(), name);
        int n = expected.numel();
        for (int i = 0; i < n; i++) {
            long a = expected.elementIndex(i), b = actual.elementIndex(i);
            if (expected.dtype().isFloating()) {
                float x = expected.storage().getFloat(a), y = actual.storage().getFloat(b);
                assertEquals(Float.floatToRawIntBits(x), Float.floatToRawIntBits(y), name + " element " + i);
            } else {
                assertEquals(expected.storage().getLong(a), actual.storage().getLong(b), name + " element " + i);
            }
        }
    }

    @Test
    void everyDtypeRoundTripsThroughFileAndBytes() throws Exception {
        Map<String, Tensor> tensors = everyDtype(new Random(7));
        Map<String, String> meta = Map.of("format", "pt", "note", "round trip");
        Path file = tmp.resolve("all.safetensors");
        SafetensorsWriter.write(file, tensors, meta);
        byte[] bytes = SafetensorsWriter.toBytes(tensors, meta);
        assertArrayEquals(bytes, Files.readAllBytes(file), "file and in-memory payload are the same bytes");

        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertEquals(meta, f.metadata());
            assertEquals(tensors.keySet(), new java.util.HashSet<>(f.names()));
            for (var e : tensors.entrySet()) {
                Tensor t = f.tensor(e.getKey());
                assertInstanceOf(SegmentStorage.class, t.storage(), "mapped view, not a copy");
                assertSameTensor(e.getKey(), e.getValue(), t);
                // F16/BF16 keep their dtype: the stored bits are the original bits
                if (e.getValue().storage() instanceof SegmentStorage s)
                    assertEquals(s.segment().byteSize(), f.segment(e.getKey()).byteSize());
            }
        }
        Map<String, Tensor> back = SafetensorsWriter.fromBytes(bytes);
        for (var e : tensors.entrySet()) assertSameTensor(e.getKey(), e.getValue(), back.get(e.getKey()));
    }

    @Test
    void rawBitsOfHalfPrecisionAreKept() throws Exception {
        byte[] f16 = {0x00, 0x3c, 0x00, (byte) 0xc0, 0x01, 0x7c, 0x00, 0x7c}; // 1.0, -2.0, a NaN payload, +inf
        byte[] bf16 = {(byte) 0x80, 0x3f, 0x49, 0x40}; // 1.0, 3.140625
        byte[] out = SafetensorsWriter.toBytes(Map.of("h", raw(DType.F16, f16, 4), "b", raw(DType.BF16, bf16, 2)), null);
        try (SafetensorsFile f = SafetensorsFile.fromBytes(out)) {
            assertArrayEquals(f16, f.segment("h").toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
            assertArrayEquals(bf16, f.segment("b").toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
            assertEquals(DType.F16, f.tensor("h").dtype());
            assertEquals(-2.0f, f.tensor("h").get(1));
            assertEquals(3.140625f, f.tensor("b").get(1));
        }
    }

    @Test
    void stridedViewsAreWrittenInRowMajorOrderOfTheView() throws Exception {
        Tensor base = Tensor.arange(12).reshape(3, 4);
        Tensor t = base.transpose(0, 1); // [4, 3], not contiguous
        byte[] f16 = new byte[24];
        for (int i = 0; i < 12; i++) { short h = Float.floatToFloat16(i); f16[2 * i] = (byte) h; f16[2 * i + 1] = (byte) (h >> 8); }
        Tensor h = raw(DType.F16, f16, 3, 4).transpose(0, 1);
        Map<String, Tensor> back = SafetensorsWriter.fromBytes(SafetensorsWriter.toBytes(Map.of("t", t, "h", h, "n", base.narrow(1, 1, 2)), null));
        assertArrayEquals(t.toFloatArray(), back.get("t").toFloatArray());
        assertArrayEquals(t.toFloatArray(), back.get("h").toFloatArray());
        assertEquals(DType.F16, back.get("h").dtype());
        assertArrayEquals(new float[]{1, 2, 5, 6, 9, 10}, back.get("n").toFloatArray());
        assertTrue(back.get("t").isContiguous());
    }

    /** The exact bytes of the reference implementation's own serialization tests (huggingface/safetensors tensor.rs). */
    @Test
    void matchesTheReferenceWritersBytes() {
        Tensor attn = Tensor.of(new float[]{0, 1, 2, 3, 4, 5}, 1, 2, 3);
        byte[] expected = {64, 0, 0, 0, 0, 0, 0, 0, 123, 34, 97, 116, 116, 110, 46, 48, 34, 58, 123, 34, 100,
                116, 121, 112, 101, 34, 58, 34, 70, 51, 50, 34, 44, 34, 115, 104, 97, 112, 101, 34,
                58, 91, 49, 44, 50, 44, 51, 93, 44, 34, 100, 97, 116, 97, 95, 111, 102, 102, 115,
                101, 116, 115, 34, 58, 91, 48, 44, 50, 52, 93, 125, 125, 0, 0, 0, 0, 0, 0, (byte) 128, 63,
                0, 0, 0, 64, 0, 0, 64, 64, 0, 0, (byte) 128, 64, 0, 0, (byte) 160, 64};
        assertArrayEquals(expected, SafetensorsWriter.toBytes(Map.of("attn.0", attn), null));

        assertArrayEquals(new byte[]{8, 0, 0, 0, 0, 0, 0, 0, 123, 125, 32, 32, 32, 32, 32, 32}, SafetensorsWriter.toBytes(Map.of(), null));
        byte[] withMeta = SafetensorsWriter.toBytes(Map.of(), Map.of("framework", "pt"));
        assertEquals("{\"__metadata__\":{\"framework\":\"pt\"}}     ", new String(withMeta, 8, withMeta.length - 8, StandardCharsets.UTF_8));
        assertEquals(40, withMeta[0]);
    }

    @Test
    void tensorsAreSortedByDescendingAlignmentThenName() throws Exception {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("a.bool", raw(DType.BOOL, new byte[1], 1));
        m.put("b.f32", Tensor.zeros(1));
        m.put("a.f32", Tensor.zeros(1));
        m.put("z.i64", Tensor.ofLongs(new long[1], 1));
        m.put("c.bf16", raw(DType.BF16, new byte[2], 1));
        m.put("c.f16", raw(DType.F16, new byte[2], 1));
        m.put("d.f64", raw(DType.F64, new byte[8], 1));
        m.put("e.i32", Tensor.ofInts(new int[1], 1));
        m.put("f.u8", raw(DType.U8, new byte[1], 1));
        m.put("g.i8", raw(DType.I8, new byte[1], 1));
        m.put("h.i16", raw(DType.I16, new byte[2], 1));
        try (SafetensorsFile f = SafetensorsFile.fromBytes(SafetensorsWriter.toBytes(m, null))) {
            assertEquals(List.of("z.i64", "d.f64", "a.f32", "b.f32", "e.i32", "c.bf16", "c.f16", "h.i16", "g.i8", "f.u8", "a.bool"), f.names());
            assertEquals(0, (8 + f.headerLength()) % 8, "data section starts 8-byte aligned");
        }
    }

    @Test
    void writeIsAtomicAndLeavesNoTemporaryFiles() throws Exception {
        Path file = tmp.resolve("w.safetensors");
        SafetensorsWriter.write(file, Map.of("a", Tensor.ones(4)));
        try (SafetensorsFile old = SafetensorsFile.open(file)) {
            SafetensorsWriter.write(file, Map.of("b", Tensor.ones(2)));
            // the mapping of the replaced file stays valid: rename swapped the directory entry, not the bytes
            assertEquals(1f, old.tensor("a").get(3));
        }
        try (SafetensorsFile f = SafetensorsFile.open(file)) { assertEquals(List.of("b"), f.names()); }
        Map<String, Tensor> bad = new LinkedHashMap<>();
        bad.put("ok", Tensor.ones(2));
        bad.put("__metadata__", Tensor.ones(1));
        assertThrows(IllegalArgumentException.class, () -> SafetensorsWriter.write(file, bad));
        try (var s = Files.list(tmp)) { assertEquals(List.of(file), s.toList(), "no temp files left"); }
        try (SafetensorsFile f = SafetensorsFile.open(file)) { assertEquals(List.of("b"), f.names()); }
    }

    @Test
    void closedFileRefusesNewViews() throws Exception {
        Path file = tmp.resolve("c.safetensors");
        SafetensorsWriter.write(file, Map.of("a", Tensor.ones(4)));
        SafetensorsFile f = SafetensorsFile.open(file);
        Tensor view = f.tensor("a");
        f.close();
        f.close();
        assertThrows(IllegalStateException.class, () -> f.tensor("a"));
        assertThrows(IllegalStateException.class, () -> view.get(0), "reading an unmapped view fails cleanly, not with a crash");
        assertFalse(Files.notExists(file));
    }
}
