package org.peft4j.federated.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.peft4j.tensor.DType;
import org.peft4j.tensor.Tensor;

class SafetensorsCodecTest {
    private final SafetensorsCodec codec = new SafetensorsCodec(1 << 20);

    @Test
    void reencodingHuggingFaceFilesReproducesTheirBytesExactly() throws IOException {
        // outside truth: files written by Hugging Face's safetensors (Rust) for the golden models, F32 and I64 mixed
        Path golden = Path.of(System.getProperty("peft4j.fixtures"), "golden");
        List<Path> files;
        try (Stream<Path> s = Files.walk(golden)) {
            files = s.filter(p -> p.toString().endsWith(".safetensors")).sorted().toList();
        }
        assertTrue(files.size() >= 10, "expected the golden safetensors files under " + golden);
        for (Path f : files) {
            byte[] original = Files.readAllBytes(f);
            Map<String, Tensor> decoded = codec.decode(original, 0, original.length);
            byte[] again = codec.encode(decoded, Map.of("format", "pt"));
            assertArrayEquals(original, again, "re-encoding " + f + " must reproduce the file byte for byte");
        }
    }

    @Test
    void roundTripsEveryDtypeShapeAndView() {
        Random rng = new Random(1);
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("w", Tensor.randn(rng, 1f, 3, 5));
        in.put("transposed", Tensor.randn(rng, 1f, 4, 2).transpose(0, 1));
        in.put("scalar", Tensor.of(new float[]{7.5f}));
        in.put("empty", Tensor.zeros(0, 3));
        in.put("ids", Tensor.ofLongs(new long[]{-1, Long.MAX_VALUE, 3}, 3));
        in.put("ints", Tensor.ofInts(new int[]{1, -2, 3, 4}, 2, 2));
        in.put("bits", Tensor.ofSegment(MemorySegment.ofArray(new byte[]{(byte) 0xff, 0, 5}), DType.U8, 3));
        in.put("half", Tensor.ofSegment(MemorySegment.ofArray(new byte[]{0, 0x3c, 0, (byte) 0xc0}), DType.F16, 2));
        Map<String, Tensor> out = codec.decode(codec.encode(in), 0, codec.encode(in).length);
        assertEquals(in.keySet(), out.keySet());
        for (String k : in.keySet()) {
            assertEquals(in.get(k).dtype(), out.get(k).dtype(), k);
            assertArrayEquals(in.get(k).shape(), out.get(k).shape(), k);
            assertArrayEquals(in.get(k).toFloatArray(), out.get(k).toFloatArray(), k);
        }
        assertArrayEquals(new long[]{-1, Long.MAX_VALUE, 3}, out.get("ids").toLongArray());
        assertArrayEquals(new float[]{1f, -2f}, out.get("half").toFloatArray());
    }

    @Test
    void decodesAtAnOffsetWithoutAliasingTheBuffer() {
        byte[] enc = codec.encode(Map.of("a", Tensor.of(new float[]{1, 2}, 2)));
        byte[] padded = new byte[enc.length + 10];
        System.arraycopy(enc, 0, padded, 5, enc.length);
        Tensor a = codec.decode(padded, 5, enc.length).get("a");
        java.util.Arrays.fill(padded, (byte) 0);
        assertArrayEquals(new float[]{1, 2}, a.toFloatArray());
    }

    // ------------------------------------------------------------------------------------------ rejections

    private static byte[] file(String json, int dataBytes) {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).put(h).array();
    }

    private void rejects(byte[] bytes, String expectedFragment) {
        TensorFormatException e = assertThrows(TensorFormatException.class, () -> codec.decode(bytes, 0, bytes.length));
        assertTrue(e.getMessage().contains(expectedFragment), "message '" + e.getMessage() + "' should mention '" + expectedFragment + "'");
    }

    @Test
    void acceptsAWellFormedHandWrittenFile() {
        // trailing spaces pad the header, as the format allows
        byte[] f = file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}  ", 8);
        Map<String, Tensor> m = codec.decode(f, 0, f.length);
        assertArrayEquals(new int[]{2}, m.get("a").shape());
    }

    @Test
    void rejectsInvalidSections() {
        rejects(new byte[5], "shorter than the 8-byte header length");
        byte[] huge = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).array();
        rejects(huge, "exceeds the limit");
        byte[] negative = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-1).array();
        rejects(negative, "exceeds the limit");
        byte[] pastEnd = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(100).array();
        rejects(pastEnd, "points past the end");
        rejects(file("[1,2]", 0), "must be a JSON object");
        rejects(file("{\"a\":", 0), "not valid JSON");
        rejects(file("{} {}", 0), "not valid JSON");
        String ok = "{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";
        rejects(file("{\"a\":" + ok + ",\"a\":" + ok + "}", 8), "not valid JSON"); // duplicate key
        rejects(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8],\"x\":1}}", 8), "exactly dtype, shape, data_offsets");
        rejects(file("{\"a\":{\"dtype\":\"F8\",\"shape\":[2],\"data_offsets\":[0,2]}}", 2), "unknown dtype 'F8'");
        rejects(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", 8), "shape[0] must be a non-negative int");
        rejects(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8), "needs 12 bytes");
        rejects(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}", 8), "end 0 < begin 8");
        rejects(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12), "expected 0 (gap or overlap)");
        rejects(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12), "gap or overlap");
        rejects(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 9), "cover 8 data bytes but the section holds 9");
        rejects(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[65536,65536],\"data_offsets\":[0,8]}}", 8), "more than 2^31-1 elements");
        rejects(file("{\"__metadata__\":{\"k\":1}}", 0), "must be a string");
    }

    @Test
    void refusesToEncodeReservedNames() {
        assertThrows(IllegalArgumentException.class, () -> codec.encode(Map.of("__metadata__", Tensor.zeros(1))));
        assertFalse(codec.encode(Map.of()).length == 0);
    }
}
