package org.peft4j.weights.safetensors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peft4j.tensor.Tensor;

/**
 * Every kind of malformed file ends in a {@link SafetensorsFormatException} that names the file, the tensor and the
 * byte offset; a file and the same bytes in memory fail identically.
 */
class MalformedSafetensorsTest {
    @TempDir Path tmp;

    /** 8-byte length prefix + header text (unpadded) + data. */
    static byte[] build(long declaredLength, String header, int dataBytes) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN).putLong(declaredLength).put(h).array();
    }

    static byte[] build(String header, int dataBytes) {
        return build(header.getBytes(StandardCharsets.UTF_8).length, header, dataBytes);
    }

    static String entry(String name, String dtype, String shape, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin + "," + end + "]}";
    }

    /** Fails from a file and from bytes with the same problem, tensor and offset; returns the file's exception. */
    SafetensorsFormatException fails(byte[] bytes) throws Exception {
        Path file = tmp.resolve("bad.safetensors");
        Files.write(file, bytes);
        SafetensorsFormatException fromFile = assertThrows(SafetensorsFormatException.class, () -> SafetensorsFile.open(file).close());
        SafetensorsFormatException fromBytes = assertThrows(SafetensorsFormatException.class, () -> SafetensorsFile.fromBytes(bytes));
        assertEquals(file.toString(), fromFile.source());
        assertTrue(fromFile.getMessage().startsWith(file.toString()), fromFile.getMessage());
        assertEquals(fromFile.tensor(), fromBytes.tensor());
        assertEquals(fromFile.byteOffset(), fromBytes.byteOffset());
        assertEquals(fromFile.getClass(), fromBytes.getClass());
        assertEquals(fromFile.getMessage().substring(file.toString().length()), fromBytes.getMessage().substring(fromBytes.source().length()));
        return fromFile;
    }

    static void contains(Exception e, String... parts) {
        for (String p : parts) assertTrue(e.getMessage().contains(p), "message lacks '" + p + "': " + e.getMessage());
    }

    @Test
    void tooShortForTheLengthPrefix() throws Exception {
        var e = fails(new byte[]{1, 2, 3});
        assertEquals(0, e.byteOffset());
        contains(e, "8-byte", "3 bytes");
        contains(fails(new byte[0]), "the whole input is 0 bytes");
    }

    @Test
    void headerLongerThanTheFile() throws Exception {
        var e = fails(build(1000, "{}", 0));
        assertEquals(0, e.byteOffset());
        contains(e, "header length 1000", "2 bytes follow");
    }

    @Test
    void headerOverTheHundredMegabyteLimit() throws Exception {
        contains(fails(build(100_000_001L, "{}", 0)), "100000001", "100 MB");
        contains(fails(build(-1L, "{}", 0)), "18446744073709551615", "100 MB");
    }

    @Test
    void invalidJson() throws Exception {
        var e = fails(build("{\"a\":{\"dtype\":\"F32\",", 0));
        contains(e, "not valid UTF-8 JSON", "the end of the header");
        assertTrue(!e.getMessage().contains("Source:"), "no parser-internal noise: " + e.getMessage());
        assertTrue(e.byteOffset() >= 8, "offset inside the header: " + e.byteOffset());
        contains(fails(build("[1,2,3]", 0)), "starting with '{'", "'['");
        contains(fails(build("{\"a\":1} x", 0)), "tensor 'a'", "expected an object");
        contains(fails(build("{} x", 0)), "only space padding", "'x'");
        contains(fails(build("{}}", 0)), "only space padding");
        contains(fails(build("{\"a\" 1}", 0)), "expected ':'");
        contains(fails(build("{\"a\":{\"x\":[1,]}}", 0)), "expected a value");
        contains(fails(build("{\"a\":{\"x\":01}}", 0)), "not valid UTF-8 JSON");
        contains(fails(build("{\"\\ud800\":{}}", 0)), "lone high surrogate");
        contains(fails(build("{\"a\u0001\":{}}", 0)), "control character");
        contains(fails(build("{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}", 0)), "expected an object");
        contains(fails(build("{\"a\":{\"x\":" + "[".repeat(100) + "]".repeat(100) + "}}", 0)), "nesting deeper than 64");
        var second = fails(build("{}  {}", 0));
        contains(second, "only space padding");
        assertEquals(12, second.byteOffset());
        byte[] badUtf8 = build("{\"\u00e9\":{}}", 0);
        badUtf8[11] = (byte) 0xff; // break the 2-byte sequence of é
        contains(fails(badUtf8), "not valid UTF-8 JSON");
    }

    @Test
    void unknownDtype() throws Exception {
        var e = fails(build("{" + entry("w", "F8_E4M3", "[2]", 0, 2) + "}", 2));
        assertEquals("w", e.tensor());
        assertEquals(9, e.byteOffset(), "points at the tensor's key in the header");
        contains(e, "'F8_E4M3'", "expected one of F64");
    }

    @Test
    void offsetsOutOfRange() throws Exception {
        var e = fails(build("{" + entry("w", "F32", "[100]", 0, 400) + "}", 16));
        assertEquals("w", e.tensor());
        contains(e, "[0, 400]", "run past the end", "16 bytes");
    }

    @Test
    void overlappingRanges() throws Exception {
        String h = "{" + entry("a", "F32", "[2]", 0, 8) + "," + entry("b", "F32", "[2]", 4, 12) + "}";
        var e = fails(build(h, 12));
        assertEquals("b", e.tensor());
        assertEquals(8 + h.length() + 4, e.byteOffset(), "absolute offset of b's first byte");
        contains(e, "overlap", "'a'");
    }

    @Test
    void rangesThatEndBeforeTheyBegin() throws Exception {
        var e = fails(build("{" + entry("a", "F32", "[0]", 8, 0) + "}", 8));
        assertEquals("a", e.tensor());
        contains(e, "end before they begin");
    }

    @Test
    void rangesInAnyHeaderOrderAreAccepted() throws Exception {
        String h = "{" + entry("second", "F32", "[1]", 4, 8) + "," + entry("first", "F32", "[1]", 0, 4) + "}";
        try (SafetensorsFile f = SafetensorsFile.fromBytes(build(h, 8))) {
            assertEquals(java.util.List.of("first", "second"), f.names());
        }
    }

    @Test
    void gapsAndTrailingBytes() throws Exception {
        String h = "{" + entry("a", "F32", "[2]", 0, 8) + "," + entry("b", "F32", "[2]", 12, 20) + "}";
        var gap = fails(build(h, 20));
        assertEquals("b", gap.tensor());
        assertEquals(8 + h.length() + 8, gap.byteOffset());
        contains(gap, "belong to no tensor");
        String one = "{" + entry("a", "F32", "[2]", 0, 8) + "}";
        var trailing = fails(build(one, 12));
        assertEquals(8 + one.length() + 8, trailing.byteOffset());
        contains(trailing, "4 bytes follow the last tensor");
    }

    @Test
    void shapeTimesDtypeMustMatchTheRange() throws Exception {
        var e = fails(build("{" + entry("w", "F32", "[3]", 0, 8) + "}", 8));
        assertEquals("w", e.tensor());
        contains(e, "needs 12 bytes", "hold 8");
        contains(fails(build("{" + entry("w", "F64", "[2147483647,2147483647,2147483647]", 0, 8) + "}", 8)), "overflows");
        contains(fails(build("{" + entry("w", "F32", "[-1]", 0, 0) + "}", 0)), "non-negative");
        contains(fails(build("{" + entry("w", "F32", "[1.5]", 0, 0) + "}", 0)), "non-negative integers");
        contains(fails(build("{" + entry("w", "F32", "[4294967296]", 0, 0) + "}", 0)), "exceeds 2^31-1");
        contains(fails(build("{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", 0)), "missing 'data_offsets'");
        contains(fails(build("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4,8]}}", 4)), "[begin, end]");
    }

    @Test
    void truncatedFile() throws Exception {
        byte[] good = SafetensorsWriter.toBytes(Map.of("a", Tensor.ones(4), "b", Tensor.ones(4)), null);
        var e = fails(Arrays.copyOf(good, good.length - 3));
        assertEquals("b", e.tensor());
        contains(e, "run past the end", "truncated");
        contains(fails(Arrays.copyOf(good, 20)), "runs past the end of the input");
    }

    @Test
    void duplicateNames() throws Exception {
        String h = "{" + entry("w", "F32", "[1]", 0, 4) + "," + entry("w", "F32", "[1]", 4, 8) + "}";
        var e = fails(build(h, 8));
        assertEquals("w", e.tensor());
        contains(e, "duplicate", "first at byte 9");
        contains(fails(build("{\"__metadata__\":{},\"__metadata__\":{}}", 0)), "duplicate");
        contains(fails(build("{\"w\":{\"dtype\":\"F32\",\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}}", 0)), "'dtype' given twice");
    }

    @Test
    void metadataMustMapStringsToStrings() throws Exception {
        contains(fails(build("{\"__metadata__\":{\"format\":1}}", 0)), "must be a string", "'format'");
        contains(fails(build("{\"__metadata__\":[1]}", 0)), "__metadata__ to be an object");
        try (SafetensorsFile f = SafetensorsFile.fromBytes(build("{\"__metadata__\":null}", 0))) {
            assertEquals(Map.of(), f.metadata());
        }
    }

    @Test
    void unknownFieldsInAnEntryAreIgnoredAsTheReferenceDoes() throws Exception {
        try (SafetensorsFile f = SafetensorsFile.fromBytes(build("{\"w\":{\"extra\":{\"x\":[1,{}]},\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4))) {
            assertEquals(0f, f.tensor("w").get(0));
        }
    }

    @Test
    void pickleCheckpointsAreRefusedWithTheReasonAndTheCure() throws Exception {
        Path bin = tmp.resolve("pytorch_model.bin");
        Files.write(bin, new byte[]{(byte) 0x80, 2, (byte) 0x8a, 10, 0x6c, (byte) 0xfc, (byte) 0x9c, 0x46, (byte) 0xf9, 0x20});
        var byName = assertThrows(PickleCheckpointException.class, () -> SafetensorsFile.open(bin));
        contains(byName, "executes arbitrary code", "save_file", "safe_serialization=True");
        // a torch zip checkpoint renamed to .safetensors is recognised by its bytes
        byte[] zip = new byte[64];
        zip[0] = 'P'; zip[1] = 'K'; zip[2] = 3; zip[3] = 4;
        var e = fails(zip);
        assertInstanceOf(PickleCheckpointException.class, e);
        contains(e, "zip archive", "executes arbitrary code");
        assertNull(e.tensor());
        // a legacy pickle stream (protocol 2, torch's magic number) under a safetensors name
        byte[] legacy = {(byte) 0x80, 2, (byte) 0x8a, 10, 0x6c, (byte) 0xfc, (byte) 0x9c, 0x46, (byte) 0xf9, 0x20, 0x6a, (byte) 0xa8};
        assertInstanceOf(PickleCheckpointException.class, fails(legacy));
        // ...but a truncated safetensors file whose header length is 640 (bytes 0x80 0x02) is not mistaken for one
        byte[] truncated = java.util.Arrays.copyOf(build(640, "{}", 0), 100);
        var t = fails(truncated);
        assertEquals(SafetensorsFormatException.class, t.getClass());
        contains(t, "header length 640 runs past the end");
    }
}
