package org.peft4j.federated.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.peft4j.tensor.DType;
import org.peft4j.tensor.Tensor;

/** The tensor section as the protocol uses it: round trips of every dtype and view, strict rejection of bad bytes. */
class SafetensorsTensorCodecTest {
    private final SafetensorsTensorCodec codec = new SafetensorsTensorCodec();

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
        byte[] bytes = codec.encode(in);
        byte[] padded = new byte[bytes.length + 7];
        System.arraycopy(bytes, 0, padded, 3, bytes.length);
        Map<String, Tensor> out = codec.decode(padded, 3, bytes.length);
        assertEquals(new java.util.TreeSet<>(in.keySet()), out.keySet());
        for (String k : in.keySet()) {
            assertEquals(in.get(k).dtype(), out.get(k).dtype(), k);
            assertArrayEquals(in.get(k).shape(), out.get(k).shape(), k);
            assertArrayEquals(in.get(k).toFloatArray(), out.get(k).toFloatArray(), k);
        }
        assertArrayEquals(new long[]{-1, Long.MAX_VALUE, 3}, out.get("ids").toLongArray());
        assertArrayEquals(new float[]{1f, -2f}, out.get("half").toFloatArray());
    }

    @Test
    void decodesWhatHuggingFaceWrote() throws IOException {
        // outside truth: an adapter file written by Hugging Face PEFT / safetensors
        byte[] file = Files.readAllBytes(Path.of(System.getProperty("peft4j.fixtures"), "golden", "peft-lora-bert", "adapter", "adapter_model.safetensors"));
        Map<String, Tensor> t = codec.decode(file, 0, file.length);
        assertEquals(10, t.size(), "tensors: " + t.keySet());
        assertArrayEquals(new int[]{4, 64}, t.get("base_model.model.bert.encoder.layer.0.attention.self.query.lora_A.weight").shape());
    }

    private static byte[] section(String json, int dataBytes) {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).put(h).array();
    }

    @Test
    void rejectsInvalidSections() {
        for (byte[] bad : new byte[][]{
                new byte[5],
                ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).array(),
                ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(100).array(),
                section("[1,2]", 0),
                section("{\"a\":", 0),
                section("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8),
                section("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12),
                section("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 9)}) {
            TensorFormatException e = assertThrows(TensorFormatException.class, () -> codec.decode(bad, 0, bad.length));
            assertTrue(e.getMessage().contains("tensor section"), e.getMessage());
        }
    }
}
