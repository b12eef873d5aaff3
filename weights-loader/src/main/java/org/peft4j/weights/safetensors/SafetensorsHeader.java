package org.peft4j.weights.safetensors;

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
            throw fail(bytes, source, 0, "expected an 8-byte little-endian header length, but the whole input is " + size + " bytes");
        long n = bytes.get(U64_LE, 0);
        if (n < 0 || n > MAX_HEADER_BYTES)
            throw fail(bytes, source, 0, "header length " + Long.toUnsignedString(n) + " exceeds the 100 MB limit of the format");
        if (n > size - 8)
            throw fail(bytes, source, 0, "header length " + n + " runs past the end of the input (" + (size - 8) + " bytes follow the length prefix)");
        if (n < 2 || bytes.get(ValueLayout.JAVA_BYTE, 8) != '{')
            throw fail(bytes, source, 8, "expected the header to be a JSON object starting with '{', found "
                    + (n == 0 ? "an empty header" : JsonCursor.describe(bytes.get(ValueLayout.JAVA_BYTE, 8) & 0xff)));
        Parsed p = parseJson(bytes.asSlice(8, n), source);
        long dataLength = size - 8 - n;
        Map<String, TensorInfo> ordered = validateRanges(p.entries, 8 + n, dataLength, source);
        return new SafetensorsHeader(n, dataLength, ordered, p.metadata);
    }

    /** A format error, or the pickle refusal when the bytes that failed are in fact a torch.save checkpoint. */
    private static SafetensorsFormatException fail(MemorySegment bytes, String source, long offset, String problem) {
        String pickle = PickleSniffer.describe(bytes);
        if (pickle != null) return new PickleCheckpointException(source, offset, "not a safetensors file (" + problem + "): " + pickle);
        return new SafetensorsFormatException(source, null, offset, problem);
    }

    // ---------------------------------------------------------------- JSON

    private record Entry(String name, DType dtype, int[] shape, long begin, long end, long headerOffset) {}

    private record Parsed(List<Entry> entries, Map<String, String> metadata) {}

    private static Parsed parseJson(MemorySegment header, String source) throws SafetensorsFormatException {
        JsonCursor json = new JsonCursor(header, 8, source);
        List<Entry> entries = new ArrayList<>();
        Map<String, String> metadata = Map.of();
        Map<String, Long> seen = new HashMap<>();
        json.expect('{');
        if (!json.consume('}')) {
            do {
                long at = json.offset();
                if (json.peek() != '"') throw json.error("expected a tensor name (a string), found " + json.nextKind());
                String name = json.string();
                Long previous = seen.putIfAbsent(name, at);
                if (previous != null)
                    throw new SafetensorsFormatException(source, name, at, "duplicate key in the header (first at byte " + previous + ")");
                json.expect(':');
                if (name.equals(METADATA_KEY)) metadata = parseMetadata(json, source);
                else entries.add(parseEntry(json, name, at, source));
            } while (json.consume(','));
            json.expect('}');
        }
        int trailing = json.peek();
        if (trailing >= 0)
            throw new SafetensorsFormatException(source, null, json.offset(),
                    "expected only space padding after the header object, found " + JsonCursor.describe(trailing));
        return new Parsed(entries, metadata);
    }

    private static Map<String, String> parseMetadata(JsonCursor json, String source) throws SafetensorsFormatException {
        if (json.consumeNull()) return Map.of();
        long at = json.offset();
        if (json.peek() != '{')
            throw new SafetensorsFormatException(source, null, at, "expected __metadata__ to be an object of strings, found " + json.nextKind());
        json.expect('{');
        Map<String, String> out = new LinkedHashMap<>();
        if (json.consume('}')) return out;
        do {
            String key = json.string();
            json.expect(':');
            if (json.peek() != '"')
                throw new SafetensorsFormatException(source, null, json.offset(), "__metadata__ value for key '" + key + "' must be a string, found " + json.nextKind());
            if (out.put(key, json.string()) != null)
                throw new SafetensorsFormatException(source, null, at, "__metadata__ has the key '" + key + "' twice");
        } while (json.consume(','));
        json.expect('}');
        return out;
    }

    private static Entry parseEntry(JsonCursor json, String name, long at, String source) throws SafetensorsFormatException {
        if (json.peek() != '{')
            throw new SafetensorsFormatException(source, name, at, "expected an object {dtype, shape, data_offsets}, found " + json.nextKind());
        json.expect('{');
        DType dtype = null;
        int[] shape = null;
        long[] offsets = null;
        if (!json.consume('}')) {
            do {
                String field = json.string();
                json.expect(':');
                switch (field) {
                    case "dtype" -> {
                        if (dtype != null) throw new SafetensorsFormatException(source, name, at, "'dtype' given twice");
                        if (json.peek() != '"') throw new SafetensorsFormatException(source, name, at, "expected 'dtype' to be a string, found " + json.nextKind());
                        dtype = dtype(json.string(), name, at, source);
                    }
                    case "shape" -> {
                        if (shape != null) throw new SafetensorsFormatException(source, name, at, "'shape' given twice");
                        long[] dims = readInts(json, "shape", name, at, source);
                        shape = new int[dims.length];
                        for (int i = 0; i < dims.length; i++) {
                            if (dims[i] > Integer.MAX_VALUE)
                                throw new SafetensorsFormatException(source, name, at, "shape dimension " + dims[i] + " exceeds 2^31-1");
                            shape[i] = (int) dims[i];
                        }
                    }
                    case "data_offsets" -> {
                        if (offsets != null) throw new SafetensorsFormatException(source, name, at, "'data_offsets' given twice");
                        offsets = readInts(json, "data_offsets", name, at, source);
                        if (offsets.length != 2)
                            throw new SafetensorsFormatException(source, name, at, "expected 'data_offsets' to be [begin, end], found " + offsets.length + " numbers");
                    }
                    default -> json.skipValue(0); // unknown fields are ignored, as the reference implementation does
                }
            } while (json.consume(','));
            json.expect('}');
        }
        if (dtype == null || shape == null || offsets == null)
            throw new SafetensorsFormatException(source, name, at, "missing " + (dtype == null ? "'dtype'" : shape == null ? "'shape'" : "'data_offsets'"));
        return new Entry(name, dtype, shape, offsets[0], offsets[1], at);
    }

    private static DType dtype(String s, String name, long at, String source) throws SafetensorsFormatException {
        for (DType d : DType.values()) if (d.safetensorsName().equals(s)) return d;
        throw new SafetensorsFormatException(source, name, at, "unsupported dtype '" + s + "': expected one of F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL");
    }

    private static long[] readInts(JsonCursor json, String field, String name, long at, String source) throws SafetensorsFormatException {
        if (json.peek() != '[')
            throw new SafetensorsFormatException(source, name, at, "expected '" + field + "' to be an array of non-negative integers, found " + json.nextKind());
        json.expect('[');
        long[] out = new long[4];
        int n = 0;
        if (json.consume(']')) return new long[0];
        do {
            if (n == out.length) {
                if (n >= 1024) throw new SafetensorsFormatException(source, name, at, "'" + field + "' has more than 1024 entries");
                out = java.util.Arrays.copyOf(out, n * 2);
            }
            try {
                out[n++] = json.nonNegativeLong("'" + field + "' entries");
            } catch (SafetensorsFormatException e) {
                throw new SafetensorsFormatException(source, name, e.byteOffset(), e.problem());
            }
        } while (json.consume(','));
        json.expect(']');
        return java.util.Arrays.copyOf(out, n);
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
