package org.peft4j.weights.safetensors;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.peft4j.tensor.DType;

/**
 * Parses and validates the header of a safetensors buffer (a mapped file or an in-memory payload) with the rules of
 * the reference implementation (huggingface/safetensors): an 8-byte little-endian header length of at most 100 MB,
 * a UTF-8 JSON object, every tensor's {@code data_offsets} covering the data section exactly once, in some order,
 * without gaps or overlaps, each range exactly {@code numel * dtype size} bytes. Every failure is a
 * {@link SafetensorsFormatException} naming the source, the tensor and the absolute byte offset.
 */
final class SafetensorsHeader {
    /** The reference implementation's limit (MAX_HEADER_SIZE); bigger headers are refused before reading them. */
    static final long MAX_HEADER_BYTES = 100_000_000L;
    static final String METADATA_KEY = "__metadata__";

    private static final ValueLayout.OfLong U64_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength((int) MAX_HEADER_BYTES).maxNameLength((int) MAX_HEADER_BYTES).maxNestingDepth(64).build())
            .build();

    final long headerLength;
    final long dataStart;
    final long dataLength;
    /** Entries in data-offset order. */
    final Map<String, TensorInfo> tensors;
    final Map<String, String> metadata;

    private SafetensorsHeader(long headerLength, long dataLength, Map<String, TensorInfo> tensors, Map<String, String> metadata) {
        this.headerLength = headerLength;
        this.dataStart = 8 + headerLength;
        this.dataLength = dataLength;
        this.tensors = Collections.unmodifiableMap(tensors);
        this.metadata = Collections.unmodifiableMap(metadata);
    }

    static SafetensorsHeader parse(MemorySegment bytes, String source) throws SafetensorsFormatException {
        long size = bytes.byteSize();
        if (size < 8)
            throw fail(bytes, source, null, 0, "expected an 8-byte little-endian header length, but the whole input is " + size + " bytes");
        long n = bytes.get(U64_LE, 0);
        if (n < 0 || n > MAX_HEADER_BYTES)
            throw fail(bytes, source, null, 0, "header length " + Long.toUnsignedString(n) + " exceeds the 100 MB limit of the format");
        if (n > size - 8)
            throw fail(bytes, source, null, 0, "header length " + n + " runs past the end of the input (" + (size - 8) + " bytes follow the length prefix)");
        if (n < 2 || bytes.get(ValueLayout.JAVA_BYTE, 8) != '{')
            throw fail(bytes, source, null, 8, "expected the header to be a JSON object starting with '{', found "
                    + (n == 0 ? "an empty header" : describeByte(bytes.get(ValueLayout.JAVA_BYTE, 8))));
        Parsed p = parseJson(bytes.asSlice(8, n), source);
        long dataLength = size - 8 - n;
        Map<String, TensorInfo> ordered = validateRanges(p.entries, 8 + n, dataLength, source);
        return new SafetensorsHeader(n, dataLength, ordered, p.metadata);
    }

    /** A format error, or the pickle refusal when the bytes that failed are in fact a torch.save checkpoint. */
    private static SafetensorsFormatException fail(MemorySegment bytes, String source, String tensor, long offset, String problem) {
        String pickle = PickleSniffer.describe(bytes);
        if (pickle != null) return new PickleCheckpointException(source, offset, "not a safetensors file (" + problem + "): " + pickle);
        return new SafetensorsFormatException(source, tensor, offset, problem);
    }

    private static String describeByte(byte b) {
        int v = b & 0xff;
        return v >= 0x20 && v < 0x7f ? "'" + (char) v + "'" : String.format("byte 0x%02x", v);
    }

    // ---------------------------------------------------------------- JSON

    private record Entry(String name, DType dtype, int[] shape, long begin, long end, long headerOffset) {}

    private record Parsed(List<Entry> entries, Map<String, String> metadata) {}

    private static Parsed parseJson(MemorySegment header, String source) throws SafetensorsFormatException {
        List<Entry> entries = new ArrayList<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        Map<String, Long> seen = new HashMap<>();
        try (JsonParser p = JSON.createParser(new SegmentInputStream(header))) {
            expect(p, p.nextToken() == JsonToken.START_OBJECT, source, null, "a JSON object");
            boolean metadataSeen = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                long at = 8 + p.currentTokenLocation().getByteOffset();
                Long previous = seen.putIfAbsent(name, at);
                if (previous != null)
                    throw new SafetensorsFormatException(source, name, at, "duplicate key in the header (first at byte " + previous + ")");
                p.nextToken();
                if (name.equals(METADATA_KEY)) {
                    metadataSeen = true;
                    parseMetadata(p, metadata, source);
                } else {
                    entries.add(parseEntry(p, name, at, source));
                }
            }
            expect(p, p.currentToken() == JsonToken.END_OBJECT, source, null, "a tensor name or the end of the header object");
            JsonToken trailing = p.nextToken();
            if (trailing != null)
                throw new SafetensorsFormatException(source, null, 8 + p.currentTokenLocation().getByteOffset(),
                        "expected only space padding after the header object, found " + trailing);
            if (!metadataSeen) metadata = Map.of();
        } catch (SafetensorsFormatException e) {
            throw e;
        } catch (IOException e) {
            long at = e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe && jpe.getLocation() != null
                    ? 8 + jpe.getLocation().getByteOffset() : 8;
            String msg = e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
            msg = msg.replaceAll("\\[Source: .*?\\); ", "[");
            throw new SafetensorsFormatException(source, null, at, "header is not valid UTF-8 JSON: " + msg, e);
        }
        return new Parsed(entries, metadata);
    }

    private static void parseMetadata(JsonParser p, Map<String, String> out, String source) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) return;
        long at = 8 + p.currentTokenLocation().getByteOffset();
        expect(p, p.currentToken() == JsonToken.START_OBJECT, source, null, "__metadata__ to be an object of strings");
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken v = p.nextToken();
            if (v != JsonToken.VALUE_STRING)
                throw new SafetensorsFormatException(source, null, 8 + p.currentTokenLocation().getByteOffset(),
                        "__metadata__ value for key '" + key + "' must be a string, found " + v);
            if (out.put(key, p.getText()) != null)
                throw new SafetensorsFormatException(source, null, at, "__metadata__ has the key '" + key + "' twice");
        }
    }

    private static Entry parseEntry(JsonParser p, String name, long at, String source) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT)
            throw new SafetensorsFormatException(source, name, at, "expected an object {dtype, shape, data_offsets}, found " + p.currentToken());
        DType dtype = null;
        int[] shape = null;
        long[] offsets = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            switch (field) {
                case "dtype" -> {
                    if (dtype != null) throw new SafetensorsFormatException(source, name, at, "'dtype' given twice");
                    if (v != JsonToken.VALUE_STRING)
                        throw new SafetensorsFormatException(source, name, at, "expected 'dtype' to be a string, found " + v);
                    dtype = dtype(p.getText(), name, at, source);
                }
                case "shape" -> {
                    if (shape != null) throw new SafetensorsFormatException(source, name, at, "'shape' given twice");
                    long[] dims = readInts(p, "shape", name, at, source);
                    shape = new int[dims.length];
                    for (int i = 0; i < dims.length; i++) {
                        if (dims[i] > Integer.MAX_VALUE)
                            throw new SafetensorsFormatException(source, name, at, "shape dimension " + dims[i] + " exceeds 2^31-1");
                        shape[i] = (int) dims[i];
                    }
                }
                case "data_offsets" -> {
                    if (offsets != null) throw new SafetensorsFormatException(source, name, at, "'data_offsets' given twice");
                    offsets = readInts(p, "data_offsets", name, at, source);
                    if (offsets.length != 2)
                        throw new SafetensorsFormatException(source, name, at, "expected 'data_offsets' to be [begin, end], found " + offsets.length + " numbers");
                }
                default -> p.skipChildren(); // unknown fields are ignored, as the reference implementation does
            }
        }
        if (dtype == null || shape == null || offsets == null)
            throw new SafetensorsFormatException(source, name, at, "missing " + (dtype == null ? "'dtype'" : shape == null ? "'shape'" : "'data_offsets'"));
        return new Entry(name, dtype, shape, offsets[0], offsets[1], at);
    }

    private static DType dtype(String s, String name, long at, String source) throws SafetensorsFormatException {
        for (DType d : DType.values()) if (d.safetensorsName().equals(s)) return d;
        throw new SafetensorsFormatException(source, name, at, "unsupported dtype '" + s + "': expected one of F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL");
    }

    private static long[] readInts(JsonParser p, String field, String name, long at, String source) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY)
            throw new SafetensorsFormatException(source, name, at, "expected '" + field + "' to be an array of non-negative integers, found " + p.currentToken());
        long[] out = new long[4];
        int n = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER || p.getLongValue() < 0)
                throw new SafetensorsFormatException(source, name, at, "expected '" + field + "' to hold non-negative integers below 2^63, found "
                        + (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT ? p.getText() : t));
            if (n == out.length) {
                if (n >= 1024) throw new SafetensorsFormatException(source, name, at, "'" + field + "' has more than 1024 entries");
                out = java.util.Arrays.copyOf(out, n * 2);
            }
            out[n++] = p.getLongValue();
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private static void expect(JsonParser p, boolean ok, String source, String tensor, String what) throws SafetensorsFormatException {
        if (!ok) throw new SafetensorsFormatException(source, tensor, 8 + p.currentTokenLocation().getByteOffset(),
                "expected " + what + ", found " + p.currentToken());
    }

    // ---------------------------------------------------------------- byte ranges

    private static Map<String, TensorInfo> validateRanges(List<Entry> entries, long dataStart, long dataLength, String source)
            throws SafetensorsFormatException {
        for (Entry e : entries) {
            if (e.end < e.begin)
                throw new SafetensorsFormatException(source, e.name, e.headerOffset,
                        "data_offsets [" + e.begin + ", " + e.end + "] end before they begin");
            long need = byteSize(e, source);
            if (e.end - e.begin != need)
                throw new SafetensorsFormatException(source, e.name, e.headerOffset, "shape " + java.util.Arrays.toString(e.shape) + " of "
                        + e.dtype + " needs " + need + " bytes, but data_offsets [" + e.begin + ", " + e.end + "] hold " + (e.end - e.begin));
            if (e.end > dataLength)
                throw new SafetensorsFormatException(source, e.name, dataStart + e.begin, "data_offsets [" + e.begin + ", " + e.end
                        + "] run past the end of the data section (" + dataLength + " bytes; the file is truncated or the offsets are wrong)");
        }
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        Map<String, TensorInfo> out = new LinkedHashMap<>();
        long expected = 0;
        Entry previous = null;
        for (Entry e : sorted) {
            if (e.begin < expected)
                throw new SafetensorsFormatException(source, e.name, dataStart + e.begin, "data_offsets [" + e.begin + ", " + e.end
                        + "] overlap those of '" + previous.name + "' [" + previous.begin + ", " + previous.end + "]");
            if (e.begin > expected)
                throw new SafetensorsFormatException(source, e.name, dataStart + expected, "bytes [" + expected + ", " + e.begin
                        + ") of the data section belong to no tensor (the next tensor starts at " + e.begin + ")");
            out.put(e.name, new TensorInfo(e.name, e.dtype, e.shape, e.begin, e.end, dataStart + e.begin));
            expected = e.end;
            previous = e;
        }
        if (expected != dataLength)
            throw new SafetensorsFormatException(source, null, dataStart + expected, (dataLength - expected)
                    + " bytes follow the last tensor's data; the tensors must cover the data section exactly");
        return out;
    }

    private static long byteSize(Entry e, String source) throws SafetensorsFormatException {
        try {
            long n = e.dtype.byteSize();
            for (int d : e.shape) n = Math.multiplyExact(n, d);
            return n;
        } catch (ArithmeticException overflow) {
            throw new SafetensorsFormatException(source, e.name, e.headerOffset, "shape " + java.util.Arrays.toString(e.shape) + " overflows a 64-bit byte count");
        }
    }
}
