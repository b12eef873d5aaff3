// Reductions of a contiguous tensor viewed as [outer, n, inner] along its middle axis: sum (times a scale,
// so mean is sum / n) and max (NaN propagates), and argmax (first occurrence, first NaN wins).
#include "common.cuh"

// inner == 1: one block per output row, a block-wide reduction over n contiguous floats.
extern "C" __global__ void reduce_rows_f32(int isMax, int outer, int n, const float* __restrict__ x, float scale,
                                           float* __restrict__ out) {
    __shared__ float scratch[WARP];
    for (int row = blockIdx.x; row < outer; row += gridDim.x) {
        const float* xr = x + (long long) row * n;
        float acc = isMax ? -INFINITY : 0.0f;
        for (int j = threadIdx.x; j < n; j += blockDim.x) acc = isMax ? max_nan(acc, xr[j]) : acc + xr[j];
        acc = isMax ? block_max(acc, scratch) : block_sum(acc, scratch);
        if (threadIdx.x == 0) out[row] = isMax ? acc : acc * scale;
    }
}

// inner > 1: one thread per output element, walking n strided by inner (neighbouring threads read
// neighbouring floats, so the loads coalesce).
extern "C" __global__ void reduce_cols_f32(int isMax, int outer, int n, int inner, const float* __restrict__ x, float scale,
                                           float* __restrict__ out) {
    long long total = (long long) outer * inner;
    for (long long t = global_thread(); t < total; t += grid_threads()) {
        long long o = t / inner, i = t % inner;
        const float* p = x + o * n * (long long) inner + i;
        float acc = isMax ? -INFINITY : 0.0f;
        for (int j = 0; j < n; j++) acc = isMax ? max_nan(acc, p[(long long) j * inner]) : acc + p[(long long) j * inner];
        out[t] = isMax ? acc : acc * scale;
    }
}

extern "C" __global__ void argmax_f32(int outer, int n, int inner, const float* __restrict__ x, long long* __restrict__ out) {
    long long total = (long long) outer * inner;
    for (long long t = global_thread(); t < total; t += grid_threads()) {
        long long o = t / inner, i = t % inner;
        const float* p = x + o * n * (long long) inner + i;
        float best = p[0];
        int at = 0;
        for (int j = 1; j < n && best == best; j++) {
            float v = p[(long long) j * inner];
            if (v != v || v > best) { best = v; at = j; }
        }
        out[t] = at;
    }
}
