package org.peft4j.kernels.cuda;

/**
 * The type of one kernel parameter as the launch passes it: 32-bit int, 64-bit int, fp32, a device pointer, or
 * a struct of ints passed by value (the View structs of common.cuh). PTX spells these .u32, .u64, .f32, .u64
 * and {@code .align 4 .b8 name[bytes]}.
 */
public enum ParamType {
    I32(4), I64(8), F32(4), PTR(8), VIEW(4 * 17), VIEW2(4 * 25), VIEW3(4 * 33), STRIDES4(4 * 4);

    private final int bytes;

    ParamType(int bytes) { this.bytes = bytes; }

    public int bytes() { return bytes; }

    public boolean isStruct() { return ordinal() >= VIEW.ordinal(); }

    /** The PTX parameter type this maps to: .u32, .u64, .f32, or .b8 for a struct. */
    public String ptxType() {
        return switch (this) {
            case I32 -> ".u32";
            case I64, PTR -> ".u64";
            case F32 -> ".f32";
            default -> ".b8";
        };
    }

    /** Parses the short names used in {@link Kernel}'s signatures: i32 i64 f32 ptr view view2 view3 s4. */
    static ParamType parse(String s) {
        return switch (s) {
            case "i32" -> I32;
            case "i64" -> I64;
            case "f32" -> F32;
            case "ptr" -> PTR;
            case "view" -> VIEW;
            case "view2" -> VIEW2;
            case "view3" -> VIEW3;
            case "s4" -> STRIDES4;
            default -> throw new IllegalArgumentException("unknown kernel parameter type '" + s + "'");
        };
    }
}
