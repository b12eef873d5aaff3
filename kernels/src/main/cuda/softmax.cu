// Softmax / log-softmax along the last axis of contiguous rows, with an optional additive mask (a strided
// view over the same sizes, stride 0 where it broadcasts) and an optional causal mask: with tq queries and
// n keys, query q = row % tq sees keys k <= q + n - tq (bottom-right aligned). A row with nothing visible
// yields zeros (softmax) or -inf (log-softmax), as the CPU kernels do.
#include "common.cuh"

extern "C" __global__ void softmax_f32(int rows, int n, int tq, int causal, int logOut, const float* __restrict__ x,
                                       View maskView, const float* __restrict__ mask, float* __restrict__ out) {
    __shared__ float scratch[WARP];
    for (int r = blockIdx.x; r < rows; r += gridDim.x) {
        const float* xr = x + (long long) r * n;
        float* orow = out + (long long) r * n;
        int visible = n;
        if (causal) {
            long long v = (long long) (r % tq) + n - tq + 1;
            visible = (int) (v < 0 ? 0 : (v > n ? n : v));
        }
        float mx = -INFINITY;
        for (int j = threadIdx.x; j < visible; j += blockDim.x) {
            float z = xr[j];
            if (mask) z += mask[view_offset(maskView, (long long) r * n + j)];
            mx = max_nan(mx, z);
        }
        mx = block_max(mx, scratch);
        if (mx == -INFINITY) {
            for (int j = threadIdx.x; j < n; j += blockDim.x) orow[j] = logOut ? -INFINITY : 0.0f;
            continue;
        }
        float sum = 0.0f;
        for (int j = threadIdx.x; j < visible; j += blockDim.x) {
            float z = xr[j];
            if (mask) z += mask[view_offset(maskView, (long long) r * n + j)];
            sum += expf(z - mx);
        }
        sum = block_sum(sum, scratch);
        float logSum = logf(sum);
        for (int j = threadIdx.x; j < n; j += blockDim.x) {
            if (j >= visible) { orow[j] = logOut ? -INFINITY : 0.0f; continue; }
            float z = xr[j];
            if (mask) z += mask[view_offset(maskView, (long long) r * n + j)];
            orow[j] = logOut ? z - mx - logSum : expf(z - mx) / sum;
        }
    }
}

// dx = y * (dy - sum(y * dy)) for softmax; dx = dy - exp(y) * sum(dy) for log-softmax (y = its output).
extern "C" __global__ void softmax_backward_f32(int rows, int n, int logOut, const float* __restrict__ y,
                                                const float* __restrict__ dy, float* __restrict__ dx) {
    __shared__ float scratch[WARP];
    for (int r = blockIdx.x; r < rows; r += gridDim.x) {
        const float* yr = y + (long long) r * n;
        const float* dyr = dy + (long long) r * n;
        float* dxr = dx + (long long) r * n;
        float acc = 0.0f;
        for (int j = threadIdx.x; j < n; j += blockDim.x) acc += logOut ? dyr[j] : yr[j] * dyr[j];
        acc = block_sum(acc, scratch);
        for (int j = threadIdx.x; j < n; j += blockDim.x)
            dxr[j] = logOut ? dyr[j] - expf(yr[j]) * acc : yr[j] * (dyr[j] - acc);
    }
}
