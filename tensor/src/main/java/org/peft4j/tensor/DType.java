package org.peft4j.tensor;

/** Element types, named as safetensors names them. */
public enum DType {
    F64(8, true, "F64"),
    F32(4, true, "F32"),
    F16(2, true, "F16"),
    BF16(2, true, "BF16"),
    I64(8, false, "I64"),
    I32(4, false, "I32"),
    I16(2, false, "I16"),
    I8(1, false, "I8"),
    U8(1, false, "U8"),
    BOOL(1, false, "BOOL");

    private final int byteSize;
    private final boolean floating;
    private final String safetensorsName;

    DType(int byteSize, boolean floating, String safetensorsName) {
        this.byteSize = byteSize;
        this.floating = floating;
        this.safetensorsName = safetensorsName;
    }

    public int byteSize() { return byteSize; }
    public boolean isFloating() { return floating; }
    public String safetensorsName() { return safetensorsName; }

    /** Parses a safetensors dtype string ("F32", "BF16", ...); throws naming the accepted values. */
    public static DType fromSafetensors(String name) {
        for (DType d : values()) if (d.safetensorsName.equals(name)) return d;
        throw new IllegalArgumentException("unknown dtype '" + name + "': expected one of F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL");
    }
}
