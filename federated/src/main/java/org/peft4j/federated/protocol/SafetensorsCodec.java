package org.peft4j.federated.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.peft4j.tensor.DType;
import org.peft4j.tensor.SegmentStorage;
import org.peft4j.tensor.Shapes;
import org.peft4j.tensor.Tensor;

/**
 * A minimal, strictly validating in-memory safetensors codec (the format of Hugging Face's safetensors 0.4:
 * u64 little-endian header length, JSON header, packed little-endian data). Written here so the protocol does
 * not wait on the weights module; it accepts exactly what the reference implementation accepts: entries with
 * exactly {dtype, shape, data_offsets}, offsets that tile the data buffer with no gap or overlap, byte counts
 * that match shape × dtype size, an optional string-to-string {@code __metadata__}.
 *
 * <p>Decoded F32/I32/I64 tensors are heap tensors; other dtypes are read-only segment tensors over a private
 * copy of their bytes.
 */
public final class SafetensorsCodec implements TensorCodec {
    private static final String METADATA = "__metadata__";

    private final int maxHeaderBytes;

    public SafetensorsCodec(int maxHeaderBytes) {
        if (maxHeaderBytes < 2) throw new IllegalArgumentException("maxHeaderBytes must be at least 2, got " + maxHeaderBytes);
        this.maxHeaderBytes = maxHeaderBytes;
    }

    // ------------------------------------------------------------------------------------------------ encode

    @Override
    public byte[] encode(Map<String, Tensor> tensors) {
        return encode(tensors, Map.of());
    }

    /** Like {@link #encode(Map)} with a {@code __metadata__} object (written first, as Hugging Face's writer does). */
    public byte[] encode(Map<String, Tensor> tensors, Map<String, String> metadata) {
        // safetensors' own writer order: larger element size first (keeps every tensor aligned), then by name
        List<Map.Entry<String, Tensor>> order = new ArrayList<>(tensors.entrySet());
        order.sort(Comparator.<Map.Entry<String, Tensor>>comparingInt(e -> -e.getValue().dtype().byteSize())
                .thenComparing(Map.Entry::getKey));
        ObjectNode header = WireJson.MAPPER.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject(METADATA);
            new TreeMap<>(metadata).forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : order) {
            String name = e.getKey();
            if (name == null || name.isEmpty() || name.equals(METADATA))
                throw new IllegalArgumentException("tensor name '" + name + "' is not allowed in safetensors");
            Tensor t = e.getValue();
            long bytes = (long) t.numel() * t.dtype().byteSize();
            ObjectNode entry = header.putObject(name);
            entry.put("dtype", t.dtype().safetensorsName());
            ArrayNode shape = entry.putArray("shape");
            for (int d : t.shape()) shape.add(d);
            entry.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json;
        try {
            json = WireJson.MAPPER.writeValueAsBytes(header);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise safetensors header", e);
        }
        int padded = (json.length + 7) & ~7;
        long total = 8L + padded + offset;
        if (total > Integer.MAX_VALUE - 64)
            throw new IllegalArgumentException("tensor section of " + total + " bytes exceeds the 2 GiB frame format");
        ByteBuffer out = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded);
        out.put(json);
        for (int i = json.length; i < padded; i++) out.put((byte) ' ');
        for (Map.Entry<String, Tensor> e : order) writeData(out, e.getValue());
        return out.array();
    }

    private static void writeData(ByteBuffer out, Tensor t) {
        int n = t.numel();
        if (t.storage() instanceof SegmentStorage seg) {
            // raw element bytes, whatever the dtype (F16/BF16 stay exact)
            int size = t.dtype().byteSize();
            byte[] tmp = new byte[size];
            for (int i = 0; i < n; i++) {
                long at = t.elementIndex(i) * size;
                MemorySegment.copy(seg.segment(), ValueLayout.JAVA_BYTE, at, tmp, 0, size);
                out.put(tmp);
            }
            return;
        }
        switch (t.dtype()) {
            case F32 -> { for (float v : t.toFloatArray()) out.putFloat(v); }
            case I32 -> { for (int i = 0; i < n; i++) out.putInt((int) t.storage().getLong(t.elementIndex(i))); }
            case I64 -> { for (int i = 0; i < n; i++) out.putLong(t.storage().getLong(t.elementIndex(i))); }
            default -> throw new IllegalArgumentException("cannot encode heap tensor of dtype " + t.dtype());
        }
    }

    // ------------------------------------------------------------------------------------------------ decode

    private record Entry(String name, DType dtype, int[] shape, long begin, long end) {}

    @Override
    public Map<String, Tensor> decode(byte[] buf, int offset, int length) {
        if (offset < 0 || length < 0 || (long) offset + length > buf.length)
            throw new IllegalArgumentException("range [" + offset + ", " + ((long) offset + length) + ") outside a buffer of " + buf.length + " bytes");
        if (length < 8) throw new TensorFormatException("tensor section of " + length + " bytes is shorter than the 8-byte header length");
        long headerLen = ByteBuffer.wrap(buf, offset, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (headerLen < 0 || headerLen > maxHeaderBytes)
            throw new TensorFormatException("safetensors header length " + Long.toUnsignedString(headerLen) + " exceeds the limit of " + maxHeaderBytes + " bytes");
        if (headerLen > length - 8)
            throw new TensorFormatException("safetensors header length " + headerLen + " points past the end of the " + length + "-byte section");
        int h = (int) headerLen;
        if (h < 2 || buf[offset + 8] != '{')
            throw new TensorFormatException("safetensors header must be a JSON object starting with '{' at byte 8");
        JsonNode header;
        try {
            header = WireJson.parse(buf, offset + 8, h);
        } catch (IOException e) {
            throw new TensorFormatException("safetensors header is not valid JSON: " + e.getMessage(), e);
        }
        if (!header.isObject()) throw new TensorFormatException("safetensors header is not a JSON object");

        long dataLen = (long) length - 8 - h;
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, JsonNode> f : header.properties()) {
            if (f.getKey().equals(METADATA)) checkMetadata(f.getValue());
            else entries.add(entry(f.getKey(), f.getValue()));
        }
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expected = 0;
        for (Entry e : entries) {
            if (e.begin != expected)
                throw new TensorFormatException("tensor '" + e.name + "' starts at data byte " + e.begin + ", expected " + expected + " (gap or overlap)");
            expected = e.end;
        }
        if (expected != dataLen)
            throw new TensorFormatException("tensors cover " + expected + " data bytes but the section holds " + dataLen);

        Map<String, Tensor> out = new TreeMap<>();
        int dataStart = offset + 8 + h;
        for (Entry e : entries) out.put(e.name, materialise(e, buf, dataStart + (int) e.begin));
        return out;
    }

    /** The {@code __metadata__} strings of a tensor section (validated like {@link #decode}; empty when absent). */
    public Map<String, String> decodeMetadata(byte[] buf, int offset, int length) {
        decode(buf, offset, length); // full validation first: metadata of an invalid file is meaningless
        long headerLen = ByteBuffer.wrap(buf, offset, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        try {
            JsonNode meta = WireJson.parse(buf, offset + 8, (int) headerLen).get(METADATA);
            Map<String, String> out = new TreeMap<>();
            if (meta != null) for (Map.Entry<String, JsonNode> m : meta.properties()) out.put(m.getKey(), m.getValue().textValue());
            return out;
        } catch (IOException e) {
            throw new TensorFormatException("safetensors header is not valid JSON: " + e.getMessage(), e);
        }
    }

    private static void checkMetadata(JsonNode meta) {
        if (!meta.isObject()) throw new TensorFormatException("__metadata__ must be an object of strings");
        for (Map.Entry<String, JsonNode> m : meta.properties()) {
            if (!m.getValue().isTextual())
                throw new TensorFormatException("__metadata__ value for '" + m.getKey() + "' must be a string, found " + m.getValue().getNodeType());
        }
    }

    private static Entry entry(String name, JsonNode node) {
        if (name.isEmpty()) throw new TensorFormatException("empty tensor name in safetensors header");
        if (!node.isObject()) throw new TensorFormatException("tensor '" + name + "': entry must be an object");
        if (node.size() != 3 || !node.has("dtype") || !node.has("shape") || !node.has("data_offsets"))
            throw new TensorFormatException("tensor '" + name + "': entry must have exactly dtype, shape, data_offsets; found " + fieldNames(node));
        JsonNode dt = node.get("dtype");
        if (!dt.isTextual()) throw new TensorFormatException("tensor '" + name + "': dtype must be a string");
        DType dtype;
        try {
            dtype = DType.fromSafetensors(dt.asText());
        } catch (IllegalArgumentException e) {
            throw new TensorFormatException("tensor '" + name + "': " + e.getMessage());
        }
        JsonNode sh = node.get("shape");
        if (!sh.isArray()) throw new TensorFormatException("tensor '" + name + "': shape must be an array");
        int[] shape = new int[sh.size()];
        long numel = 1;
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = sh.get(i);
            if (!d.isIntegralNumber() || !d.canConvertToInt() || d.intValue() < 0)
                throw new TensorFormatException("tensor '" + name + "': shape[" + i + "] must be a non-negative int, found " + d);
            shape[i] = d.intValue();
            numel *= shape[i];
            if (numel > Integer.MAX_VALUE) throw new TensorFormatException("tensor '" + name + "': shape " + sh + " has more than 2^31-1 elements");
        }
        JsonNode off = node.get("data_offsets");
        if (!off.isArray() || off.size() != 2)
            throw new TensorFormatException("tensor '" + name + "': data_offsets must be [begin, end]");
        long[] be = new long[2];
        for (int i = 0; i < 2; i++) {
            JsonNode v = off.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0)
                throw new TensorFormatException("tensor '" + name + "': data_offsets[" + i + "] must be a non-negative integer, found " + v);
            be[i] = v.longValue();
        }
        if (be[1] < be[0]) throw new TensorFormatException("tensor '" + name + "': data_offsets end " + be[1] + " < begin " + be[0]);
        long want = numel * dtype.byteSize();
        if (be[1] - be[0] != want)
            throw new TensorFormatException("tensor '" + name + "': " + dtype + " " + Shapes.str(shape) + " needs " + want + " bytes, data_offsets span " + (be[1] - be[0]));
        return new Entry(name, dtype, shape, be[0], be[1]);
    }

    private static String fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, JsonNode> f : node.properties()) names.add(f.getKey());
        return names.toString();
    }

    private static Tensor materialise(Entry e, byte[] buf, int at) {
        int n = Shapes.numel(e.shape);
        int bytes = (int) (e.end - e.begin);
        ByteBuffer bb = ByteBuffer.wrap(buf, at, bytes).order(ByteOrder.LITTLE_ENDIAN);
        return switch (e.dtype) {
            case F32 -> {
                float[] v = new float[n];
                bb.asFloatBuffer().get(v);
                yield Tensor.of(v, e.shape);
            }
            case I32 -> {
                int[] v = new int[n];
                bb.asIntBuffer().get(v);
                yield Tensor.ofInts(v, e.shape);
            }
            case I64 -> {
                long[] v = new long[n];
                bb.asLongBuffer().get(v);
                yield Tensor.ofLongs(v, e.shape);
            }
            default -> Tensor.ofSegment(MemorySegment.ofArray(Arrays.copyOfRange(buf, at, at + bytes)), e.dtype, e.shape);
        };
    }
}
