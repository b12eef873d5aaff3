// Elementwise kernels over strided views with broadcasting (stride 0). Output is contiguous, row-major over
// the view's sizes. Grid-stride loops, so any grid size covers any n.
#include "common.cuh"

// Op codes: the ordinals of org.peft4j.kernels.cpu.UnaryOp / BinaryOp (a test parses these enums and
// compares them with the Java enums), plus COPY for strided-to-contiguous copies.
enum UnaryCode { U_NEG = 0, U_ABS = 1, U_EXP = 2, U_LOG = 3, U_SQRT = 4, U_RSQRT = 5, U_TANH = 6, U_SIGMOID = 7,
                 U_RELU = 8, U_SQUARE = 9, U_COPY = 100 };
enum BinaryCode { B_ADD = 0, B_SUB = 1, B_MUL = 2, B_DIV = 3, B_MAX = 4, B_MIN = 5, B_POW = 6, B_GT = 7, B_GE = 8,
                  B_LT = 9, B_LE = 10, B_EQ = 11 };

__device__ __forceinline__ float apply_unary(int op, float x) {
    switch (op) {
        case U_NEG: return -x;
        case U_ABS: return fabsf(x);
        case U_EXP: return expf(x);
        case U_LOG: return logf(x);
        case U_SQRT: return sqrtf(x);
        case U_RSQRT: return 1.0f / sqrtf(x);
        case U_TANH: return tanhf(x);
        case U_SIGMOID: return 1.0f / (1.0f + expf(-x));
        case U_RELU: return x > 0.0f ? x : (x != x ? x : 0.0f);
        case U_SQUARE: return x * x;
        default: return x; // U_COPY
    }
}

__device__ __forceinline__ float min_nan(float a, float b) {
    return (a != a || b != b) ? __int_as_float(0x7fc00000) : (a < b ? a : b);
}

__device__ __forceinline__ float apply_binary(int op, float a, float b) {
    switch (op) {
        case B_ADD: return a + b;
        case B_SUB: return a - b;
        case B_MUL: return a * b;
        case B_DIV: return a / b;
        case B_MAX: return max_nan(a, b);
        case B_MIN: return min_nan(a, b);
        case B_POW: return powf(a, b);
        case B_GT: return a > b ? 1.0f : 0.0f;
        case B_GE: return a >= b ? 1.0f : 0.0f;
        case B_LT: return a < b ? 1.0f : 0.0f;
        case B_LE: return a <= b ? 1.0f : 0.0f;
        default: return a == b ? 1.0f : 0.0f; // B_EQ
    }
}

extern "C" __global__ void ew_unary_f32(int op, long long n, View xv, const float* __restrict__ x, float* __restrict__ out) {
    for (long long i = global_thread(); i < n; i += grid_threads())
        out[i] = apply_unary(op, x[view_offset(xv, i)]);
}

// out = x op s for a scalar s (addScalar, mulScalar, pow with a scalar exponent, comparisons with a scalar).
extern "C" __global__ void ew_scalar_f32(int op, long long n, View xv, const float* __restrict__ x, float s, float* __restrict__ out) {
    for (long long i = global_thread(); i < n; i += grid_threads())
        out[i] = apply_binary(op, x[view_offset(xv, i)], s);
}

extern "C" __global__ void ew_binary_f32(int op, long long n, View2 v, const float* __restrict__ a, const float* __restrict__ b,
                                         float* __restrict__ out) {
    for (long long i = global_thread(); i < n; i += grid_threads()) {
        long long flat = i, oa = 0, ob = 0;
        for (int d = v.rank - 1; d >= 0; d--) {
            int size = v.sizes[d];
            long long idx = flat % size;
            flat /= size;
            oa += idx * v.stridesA[d];
            ob += idx * v.stridesB[d];
        }
        out[i] = apply_binary(op, a[oa], b[ob]);
    }
}

// out = cond != 0 ? a : b, all three broadcast over the output sizes.
extern "C" __global__ void ew_where_f32(long long n, View3 v, const float* __restrict__ cond, const float* __restrict__ a,
                                        const float* __restrict__ b, float* __restrict__ out) {
    for (long long i = global_thread(); i < n; i += grid_threads()) {
        long long flat = i, oc = 0, oa = 0, ob = 0;
        for (int d = v.rank - 1; d >= 0; d--) {
            int size = v.sizes[d];
            long long idx = flat % size;
            flat /= size;
            oc += idx * v.stridesC[d];
            oa += idx * v.stridesA[d];
            ob += idx * v.stridesB[d];
        }
        out[i] = cond[oc] != 0.0f ? a[oa] : b[ob];
    }
}

extern "C" __global__ void ew_fill_f32(long long n, float value, float* __restrict__ out) {
    for (long long i = global_thread(); i < n; i += grid_threads()) out[i] = value;
}
