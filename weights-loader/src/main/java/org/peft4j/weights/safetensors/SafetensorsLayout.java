package org.peft4j.weights.safetensors;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.peft4j.tensor.DType;
import org.peft4j.tensor.Tensor;

/**
 * Where each tensor goes in a file, decided exactly as the reference writer (huggingface/safetensors, {@code prepare})
 * decides: tensors sorted by descending dtype alignment, then by name (byte order of UTF-8); offsets packed without
 * gaps; the compact JSON header, {@code __metadata__} first, padded with spaces to a multiple of 8 bytes so the data
 * section starts 8-byte aligned.
 */
final class SafetensorsLayout {
    record Slot(String name, Tensor tensor, long begin, long end) {}

    final byte[] header;
    final List<Slot> slots;
    final long dataLength;

    private SafetensorsLayout(byte[] header, List<Slot> slots, long dataLength) {
        this.header = header;
        this.slots = slots;
        this.dataLength = dataLength;
    }

    long totalLength() { return 8 + header.length + dataLength; }

    static SafetensorsLayout of(Map<String, Tensor> tensors, Map<String, String> metadata) {
        List<Map.Entry<String, Tensor>> sorted = new ArrayList<>(tensors.entrySet());
        for (Map.Entry<String, Tensor> e : sorted) {
            if (e.getKey() == null || e.getValue() == null)
                throw new IllegalArgumentException("safetensors: null tensor name or tensor (name " + e.getKey() + ")");
            if (e.getKey().equals(SafetensorsHeader.METADATA_KEY))
                throw new IllegalArgumentException("safetensors: '__metadata__' is reserved and cannot name a tensor");
        }
        sorted.sort(Comparator.<Map.Entry<String, Tensor>>comparingInt(e -> -alignmentRank(e.getValue().dtype()))
                .thenComparing(Map.Entry::getKey, SafetensorsLayout::compareUtf8));
        List<Slot> slots = new ArrayList<>(sorted.size());
        StringBuilder json = new StringBuilder(64 + 96 * sorted.size()).append('{');
        if (metadata != null) {
            json.append("\"__metadata__\":{");
            List<String> keys = new ArrayList<>(metadata.keySet());
            keys.sort(SafetensorsLayout::compareUtf8);
            for (int i = 0; i < keys.size(); i++) {
                String v = metadata.get(keys.get(i));
                if (v == null) throw new IllegalArgumentException("safetensors: metadata value for '" + keys.get(i) + "' is null");
                if (i > 0) json.append(',');
                quote(json, keys.get(i)).append(':');
                quote(json, v);
            }
            json.append('}');
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : sorted) {
            Tensor t = e.getValue();
            long bytes = (long) t.numel() * t.dtype().byteSize();
            Slot s = new Slot(e.getKey(), t, offset, offset + bytes);
            slots.add(s);
            offset += bytes;
            if (json.length() > 1) json.append(',');
            quote(json, s.name).append(":{\"dtype\":\"").append(t.dtype().safetensorsName()).append("\",\"shape\":");
            json.append(Arrays.toString(t.shape()).replace(" ", "")).append(",\"data_offsets\":[")
                    .append(s.begin).append(',').append(s.end).append("]}");
        }
        json.append('}');
        byte[] raw = json.toString().getBytes(StandardCharsets.UTF_8);
        byte[] padded = Arrays.copyOf(raw, (raw.length + 7) & ~7);
        Arrays.fill(padded, raw.length, padded.length, (byte) ' ');
        return new SafetensorsLayout(padded, slots, offset);
    }

    /** The reference implementation's Dtype declaration order (BOOL < U8 < I8 < I16 < F16 < BF16 < I32 < F32 < F64 < I64). */
    static int alignmentRank(DType d) {
        return switch (d) {
            case BOOL -> 0;
            case U8 -> 1;
            case I8 -> 2;
            case I16 -> 5;
            case F16 -> 7;
            case BF16 -> 8;
            case I32 -> 9;
            case F32 -> 11;
            case F64 -> 12;
            case I64 -> 13;
        };
    }

    /** Rust's String ordering: lexicographic over UTF-8 bytes (differs from String.compareTo for surrogates). */
    static int compareUtf8(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /** A JSON string as serde_json writes it: only '"', '\\' and control characters escaped, the rest raw UTF-8. */
    static StringBuilder quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"');
    }
}
