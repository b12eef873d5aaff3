// Cross-entropy of [rows, classes] logits against int64 targets, as torch.nn.functional.cross_entropy with
// ignore_index and label smoothing e: q_c = (1 - e) [c == t] + e / classes, loss_r = -sum_c q_c log p_c.
// One block per row writes loss_r (0 for ignored rows) and, when dlogits is non-null, (p - q) * scale. The
// host sums the row losses and multiplies by the same scale (1 / counted rows for the mean reduction).
#include "common.cuh"

extern "C" __global__ void cross_entropy_f32(int rows, int classes, const float* __restrict__ logits,
                                             const long long* __restrict__ targets, long long ignoreIndex,
                                             float smoothing, float scale, float* __restrict__ rowLoss,
                                             float* __restrict__ dlogits) {
    __shared__ float scratch[WARP];
    for (int r = blockIdx.x; r < rows; r += gridDim.x) {
        const float* lr = logits + (long long) r * classes;
        long long t = targets[r];
        bool ignored = t == ignoreIndex;
        float mx = -INFINITY;
        for (int c = threadIdx.x; c < classes; c += blockDim.x) mx = max_nan(mx, lr[c]);
        mx = block_max(mx, scratch);
        float se = 0.0f, sx = 0.0f;
        for (int c = threadIdx.x; c < classes; c += blockDim.x) { se += expf(lr[c] - mx); sx += lr[c]; }
        se = block_sum(se, scratch);
        sx = block_sum(sx, scratch);
        float lse = mx + logf(se);
        if (threadIdx.x == 0) {
            float loss = 0.0f;
            if (!ignored) {
                float target = (t >= 0 && t < classes) ? lr[t] : 0.0f;
                loss = (1.0f - smoothing) * (lse - target) + smoothing * (lse - sx / classes);
            }
            rowLoss[r] = loss;
        }
        if (dlogits) {
            float* dr = dlogits + (long long) r * classes;
            float uniform = smoothing / classes;
            for (int c = threadIdx.x; c < classes; c += blockDim.x) {
                float q = (c == t ? 1.0f - smoothing : 0.0f) + uniform;
                dr[c] = ignored ? 0.0f : (expf(lr[c] - lse) - q) * scale;
            }
        }
    }
}
