package org.peft4j.weights.onnx;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.peft4j.tensor.DType;

/**
 * One graph initializer (a TensorProto): its name, element type, dims, and where its bytes are: {@code raw_data}
 * (a slice of the mapped file, the usual case), the typed repeated fields (decoded to little-endian bytes), or an
 * external data file. {@link OnnxModel#tensor(String)} turns it into a {@link org.peft4j.tensor.Tensor}.
 */
public final class OnnxInitializer {
    final String name;
    final int dataType;
    final long[] dims;
    final long protoOffset;
    final MemorySegment raw;
    final byte[] typed;
    final String externalLocation;
    final long externalOffset;
    final long externalLength;

    private OnnxInitializer(String name, int dataType, long[] dims, long protoOffset, MemorySegment raw, byte[] typed,
                            String externalLocation, long externalOffset, long externalLength) {
        this.name = name;
        this.dataType = dataType;
        this.dims = dims;
        this.protoOffset = protoOffset;
        this.raw = raw;
        this.typed = typed;
        this.externalLocation = externalLocation;
        this.externalOffset = externalOffset;
        this.externalLength = externalLength;
    }

    public String name() { return name; }

    /** The ONNX element type's name (FLOAT, INT64, FLOAT16, ...). */
    public String dataTypeName() { return OnnxDataType.name(dataType); }

    /** The peft4j dtype, or null when peft4j cannot hold this element type (STRING, UINT16, COMPLEX64, ...). */
    public DType dtype() { return OnnxDataType.toDType(dataType); }

    public long[] dims() { return dims.clone(); }

    /** Whether the bytes live in a separate file (TensorProto.data_location = EXTERNAL). */
    public boolean isExternal() { return externalLocation != null; }

    /** Byte offset of this TensorProto in the .onnx file. */
    public long protoOffset() { return protoOffset; }

    @Override
    public String toString() { return name + " " + dataTypeName() + " " + Arrays.toString(dims); }

    /** Parses a TensorProto message. */
    static OnnxInitializer read(ProtoReader r) throws OnnxFormatException {
        long at = r.position();
        String name = "";
        int dataType = 0;
        long[] dims = new long[0];
        int ndims = 0;
        MemorySegment raw = null;
        ByteArrayOutputStream typed = null;
        java.util.List<long[]> pendingInts = new java.util.ArrayList<>(); // int32_data/int64_data, encoded once the dtype is known
        long pendingCount = 0;
        String location = null;
        long offset = 0, length = -1;
        boolean external = false;
        while (r.hasMore()) {
            int field = r.nextField();
            switch (field) {
                case 1 -> { // dims: packed or one varint each
                    long[] v = varints(r, 64 - ndims);
                    dims = Arrays.copyOf(dims, ndims + v.length);
                    System.arraycopy(v, 0, dims, ndims, v.length);
                    ndims += v.length;
                }
                case 2 -> dataType = (int) r.int64();
                case 8 -> name = r.string();
                case 9 -> raw = r.bytes();
                case 4 -> { typed = typed == null ? new ByteArrayOutputStream() : typed; fixedBytes(r, 4, typed); } // float_data
                case 10 -> { typed = typed == null ? new ByteArrayOutputStream() : typed; fixedBytes(r, 8, typed); } // double_data
                case 5, 7 -> { // int32_data, int64_data
                    long[] v = varints(r, MAX_TYPED_VALUES - pendingCount);
                    pendingInts.add(v);
                    pendingCount += v.length;
                }
                case 13 -> { // external_data: StringStringEntryProto {key, value}
                    ProtoReader e = r.message();
                    String key = null, value = null;
                    while (e.hasMore()) {
                        int f = e.nextField();
                        if (f == 1) key = e.string(); else if (f == 2) value = e.string(); else e.skip();
                    }
                    if ("location".equals(key)) location = value;
                    else if ("offset".equals(key)) offset = parseLong(r, at, key, value);
                    else if ("length".equals(key)) length = parseLong(r, at, key, value);
                }
                case 14 -> external = r.int64() == 1;
                default -> r.skip();
            }
        }
        if (!pendingInts.isEmpty()) {
            DType d = OnnxDataType.toDType(dataType);
            int size = dataType == 10 || dataType == 16 ? 2 : d == null ? 8 : d.byteSize();
            typed = typed == null ? new ByteArrayOutputStream() : typed;
            for (long[] values : pendingInts)
                for (long v : values) for (int b = 0; b < size; b++) typed.write((int) (v >>> (8 * b)));
        }
        if (external && location == null) throw new OnnxFormatException(r.source(), name, at, "external data without a 'location'");
        return new OnnxInitializer(name, dataType, dims, at, raw, typed == null ? null : typed.toByteArray(),
                external ? location : null, offset, length);
    }

    private static long parseLong(ProtoReader r, long at, String key, String value) throws OnnxFormatException {
        try {
            long v = Long.parseLong(value);
            if (v < 0) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException | NullPointerException e) {
            throw r.error(at, "external data '" + key + "' is not a non-negative integer: " + value);
        }
    }

    /**
     * Values in the typed int32_data/int64_data fields are held on the heap (8 bytes each before encoding), so their
     * number is bounded: exporters put large tensors in raw_data, and a hostile file cannot make us allocate gigabytes.
     */
    static final long MAX_TYPED_VALUES = 32L << 20;

    /** A repeated varint field, packed (length-delimited) or a single value; more than {@code max} values is an error. */
    static long[] varints(ProtoReader r, long max) throws OnnxFormatException {
        long at = r.position();
        if (r.wireType() == ProtoReader.VARINT) {
            if (max < 1) throw r.error(at, "more than the allowed number of values in a repeated field");
            return new long[]{r.varint()};
        }
        if (r.wireType() != ProtoReader.LENGTH_DELIMITED) throw r.error(at, "expected varints, found wire type " + r.wireType());
        ProtoReader p = r.message();
        long[] out = new long[8];
        int n = 0;
        while (p.hasMore()) {
            if (n >= max) throw r.error(at, "more than " + max + " values in a repeated field (dims are limited to 64, typed data to "
                    + MAX_TYPED_VALUES + " values)");
            if (n == out.length) out = Arrays.copyOf(out, n * 2);
            out[n++] = p.varint();
        }
        return Arrays.copyOf(out, n);
    }

    /** A repeated fixed-width field (float/double): packed or a single value, appended as little-endian bytes. */
    private static void fixedBytes(ProtoReader r, int width, ByteArrayOutputStream out) throws OnnxFormatException {
        int expected = width == 4 ? ProtoReader.FIXED32 : ProtoReader.FIXED64;
        if (r.wireType() == expected) {
            long v = width == 4 ? r.fixed32() & 0xffffffffL : r.fixed64();
            for (int b = 0; b < width; b++) out.write((int) (v >>> (8 * b)));
            return;
        }
        if (r.wireType() != ProtoReader.LENGTH_DELIMITED) throw r.error(r.position(), "expected packed " + width + "-byte values, found wire type " + r.wireType());
        long at = r.position();
        MemorySegment s = r.bytes();
        if (s.byteSize() % width != 0) throw r.error(at, "packed field of " + s.byteSize() + " bytes is not a whole number of " + width + "-byte values");
        if (s.byteSize() + out.size() > 8 * MAX_TYPED_VALUES) throw r.error(at, "typed data over " + 8 * MAX_TYPED_VALUES + " bytes; exporters use raw_data for such tensors");
        out.writeBytes(s.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
    }
}
