// LayerNorm and RMSNorm over the last axis of contiguous [rows, h] data: forward (saving mean and 1/std per
// row) and backward (dx per row; dgamma/dbeta per column). gamma/beta/mean may be null.
#include "common.cuh"

extern "C" __global__ void layernorm_fwd_f32(int rows, int h, const float* __restrict__ x, const float* __restrict__ gamma,
                                             const float* __restrict__ beta, float eps, float* __restrict__ out,
                                             float* __restrict__ mean, float* __restrict__ rstd) {
    __shared__ float scratch[WARP];
    for (int r = blockIdx.x; r < rows; r += gridDim.x) {
        const float* xr = x + (long long) r * h;
        float s = 0.0f;
        for (int j = threadIdx.x; j < h; j += blockDim.x) s += xr[j];
        float mu = block_sum(s, scratch) / h;
        float ss = 0.0f;   // two-pass variance: no cancellation for rows with a large mean
        for (int j = threadIdx.x; j < h; j += blockDim.x) { float d = xr[j] - mu; ss += d * d; }
        float rs = 1.0f / sqrtf(block_sum(ss, scratch) / h + eps);
        if (threadIdx.x == 0) {
            if (mean) mean[r] = mu;
            rstd[r] = rs;
        }
        float* orow = out + (long long) r * h;
        for (int j = threadIdx.x; j < h; j += blockDim.x)
            orow[j] = (xr[j] - mu) * rs * (gamma ? gamma[j] : 1.0f) + (beta ? beta[j] : 0.0f);
    }
}

extern "C" __global__ void rmsnorm_fwd_f32(int rows, int h, const float* __restrict__ x, const float* __restrict__ gamma,
                                           float eps, float* __restrict__ out, float* __restrict__ rstd) {
    __shared__ float scratch[WARP];
    for (int r = blockIdx.x; r < rows; r += gridDim.x) {
        const float* xr = x + (long long) r * h;
        float ss = 0.0f;
        for (int j = threadIdx.x; j < h; j += blockDim.x) ss += xr[j] * xr[j];
        float rs = 1.0f / sqrtf(block_sum(ss, scratch) / h + eps);
        if (threadIdx.x == 0) rstd[r] = rs;
        float* orow = out + (long long) r * h;
        for (int j = threadIdx.x; j < h; j += blockDim.x) orow[j] = xr[j] * rs * (gamma ? gamma[j] : 1.0f);
    }
}

// dx = rstd * (g - mean(g) - xhat * mean(g * xhat)) with g = dy * gamma and xhat = (x - mu) * rstd; for RMSNorm
// (mean == null) mu = 0 and the mean(g) term is dropped.
extern "C" __global__ void norm_bwd_dx_f32(int rows, int h, const float* __restrict__ dy, const float* __restrict__ x,
                                           const float* __restrict__ gamma, const float* __restrict__ mean,
                                           const float* __restrict__ rstd, float* __restrict__ dx) {
    __shared__ float scratch[WARP];
    for (int r = blockIdx.x; r < rows; r += gridDim.x) {
        const float* xr = x + (long long) r * h;
        const float* dyr = dy + (long long) r * h;
        float mu = mean ? mean[r] : 0.0f, rs = rstd[r];
        float sg = 0.0f, sgx = 0.0f;
        for (int j = threadIdx.x; j < h; j += blockDim.x) {
            float g = dyr[j] * (gamma ? gamma[j] : 1.0f);
            sg += g;
            sgx += g * (xr[j] - mu) * rs;
        }
        sg = block_sum(sg, scratch);
        sgx = block_sum(sgx, scratch);
        float meanG = mean ? sg / h : 0.0f, meanGx = sgx / h;
        float* dxr = dx + (long long) r * h;
        for (int j = threadIdx.x; j < h; j += blockDim.x) {
            float g = dyr[j] * (gamma ? gamma[j] : 1.0f);
            dxr[j] = rs * (g - meanG - (xr[j] - mu) * rs * meanGx);
        }
    }
}

// dgamma[j] = sum_r dy * xhat, dbeta[j] = sum_r dy: one thread per column, rows walked in order (coalesced
// across neighbouring columns).
extern "C" __global__ void norm_bwd_params_f32(int rows, int h, const float* __restrict__ dy, const float* __restrict__ x,
                                               const float* __restrict__ mean, const float* __restrict__ rstd,
                                               float* __restrict__ dgamma, float* __restrict__ dbeta) {
    for (long long j = global_thread(); j < h; j += grid_threads()) {
        float dg = 0.0f, db = 0.0f;
        for (int r = 0; r < rows; r++) {
            long long at = (long long) r * h + j;
            float d = dy[at];
            dg += d * (x[at] - (mean ? mean[r] : 0.0f)) * rstd[r];
            db += d;
        }
        if (dgamma) dgamma[j] = dg;
        if (dbeta) dbeta[j] = db;
    }
}
