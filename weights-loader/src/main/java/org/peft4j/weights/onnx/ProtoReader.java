package org.peft4j.weights.onnx;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A reader of the protocol buffers wire format over a region of a MemorySegment (a mapped .onnx file), so nested
 * messages and large byte fields are visited in place, never copied. Every length is checked against the enclosing
 * region before use; malformed input is an {@link OnnxFormatException} with the absolute byte offset.
 */
final class ProtoReader {
    static final int VARINT = 0, FIXED64 = 1, LENGTH_DELIMITED = 2, FIXED32 = 5;
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final MemorySegment seg;
    private final String source;
    private final long end;
    private long pos;
    private int wireType;

    ProtoReader(MemorySegment seg, long start, long end, String source) {
        this.seg = seg;
        this.pos = start;
        this.end = end;
        this.source = source;
    }

    boolean hasMore() { return pos < end; }

    String source() { return source; }

    long position() { return pos; }

    MemorySegment segment() { return seg; }

    /** Reads the next field's tag and returns its field number; {@link #wireType()} tells how to read its value. */
    int nextField() throws OnnxFormatException {
        long at = pos;
        long tag = varint();
        int field = (int) (tag >>> 3);
        wireType = (int) (tag & 7);
        if (field <= 0 || tag >>> 3 > 536_870_911L)
            throw error(at, "invalid field number " + (tag >>> 3));
        if (wireType != VARINT && wireType != FIXED64 && wireType != LENGTH_DELIMITED && wireType != FIXED32)
            throw error(at, "unsupported wire type " + wireType + " for field " + field);
        return field;
    }

    int wireType() { return wireType; }

    long varint() throws OnnxFormatException {
        long at = pos, result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= end) throw error(at, "varint runs past the end of its message");
            byte b = seg.get(ValueLayout.JAVA_BYTE, pos++);
            result |= (long) (b & 0x7f) << shift;
            if (b >= 0) return result;
        }
        throw error(at, "varint longer than 10 bytes");
    }

    /** The value of a varint field (int32/int64/enum/bool), checking the field really is a varint. */
    long int64() throws OnnxFormatException {
        expectWire(VARINT);
        return varint();
    }

    private void expectWire(int expected) throws OnnxFormatException {
        if (wireType != expected)
            throw error(pos, "expected wire type " + expected + " for this field, found " + wireType);
    }

    int fixed32() throws OnnxFormatException {
        expectWire(FIXED32);
        need(4);
        int v = seg.get(I32, pos);
        pos += 4;
        return v;
    }

    long fixed64() throws OnnxFormatException {
        expectWire(FIXED64);
        need(8);
        long v = seg.get(I64, pos);
        pos += 8;
        return v;
    }

    /** The value of a length-delimited field as a reader over its bytes (and skips past it here). */
    ProtoReader message() throws OnnxFormatException {
        long len = length();
        ProtoReader r = new ProtoReader(seg, pos, pos + len, source);
        pos += len;
        return r;
    }

    /** The bytes of a length-delimited field, as a slice of the mapping. */
    MemorySegment bytes() throws OnnxFormatException {
        long len = length();
        MemorySegment s = seg.asSlice(pos, len);
        pos += len;
        return s;
    }

    String string() throws OnnxFormatException {
        long at = pos;
        MemorySegment s = bytes();
        if (s.byteSize() > Integer.MAX_VALUE - 8) throw error(at, "string of " + s.byteSize() + " bytes");
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(s.asByteBuffer()).toString();
        } catch (CharacterCodingException e) {
            throw error(at, "string is not valid UTF-8");
        }
    }

    /** Skips the value of the field just read. */
    void skip() throws OnnxFormatException {
        switch (wireType) {
            case VARINT -> varint();
            case FIXED64 -> { need(8); pos += 8; }
            case FIXED32 -> { need(4); pos += 4; }
            default -> {
                long len = length(); // not "pos += length()": that would add to pos as it was before the length's varint
                pos += len;
            }
        }
    }

    private long length() throws OnnxFormatException {
        expectWire(LENGTH_DELIMITED);
        long at = pos;
        long len = varint();
        if (len < 0 || len > end - pos) throw error(at, "length " + len + " runs past the end of its message (" + (end - pos) + " bytes left)");
        return len;
    }

    private void need(int n) throws OnnxFormatException {
        if (end - pos < n) throw error(pos, "a " + n + "-byte value runs past the end of its message");
    }

    OnnxFormatException error(long at, String problem) {
        return new OnnxFormatException(source, null, at, problem);
    }
}
