package org.peft4j.weights.onnx;

import org.peft4j.tensor.DType;

/** TensorProto.DataType codes (onnx.proto) and the peft4j dtype each maps to (null: not representable). */
final class OnnxDataType {
    private OnnxDataType() {}

    static DType toDType(int code) {
        return switch (code) {
            case 1 -> DType.F32;
            case 2 -> DType.U8;
            case 3 -> DType.I8;
            case 5 -> DType.I16;
            case 6 -> DType.I32;
            case 7 -> DType.I64;
            case 9 -> DType.BOOL;
            case 10 -> DType.F16;
            case 11 -> DType.F64;
            case 16 -> DType.BF16;
            default -> null;
        };
    }

    static String name(int code) {
        return switch (code) {
            case 0 -> "UNDEFINED";
            case 1 -> "FLOAT";
            case 2 -> "UINT8";
            case 3 -> "INT8";
            case 4 -> "UINT16";
            case 5 -> "INT16";
            case 6 -> "INT32";
            case 7 -> "INT64";
            case 8 -> "STRING";
            case 9 -> "BOOL";
            case 10 -> "FLOAT16";
            case 11 -> "DOUBLE";
            case 12 -> "UINT32";
            case 13 -> "UINT64";
            case 14 -> "COMPLEX64";
            case 15 -> "COMPLEX128";
            case 16 -> "BFLOAT16";
            default -> "data type " + code;
        };
    }
}
