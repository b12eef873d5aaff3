// One AdamW step over contiguous fp32 parameters, exactly torch.optim.AdamW's single-tensor update (see
// org.peft4j.autograd.optim.AdamW): p *= decay; m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2;
// p += negStepSize * m / (sqrt(v) / bc2Sqrt + eps). The scalars are formed on the host in double as PyTorch
// forms them. vmax (amsgrad) and keep (a 0/1 byte mask: Fisher pruning) may be null.
#include "common.cuh"

extern "C" __global__ void adamw_f32(long long n, float* __restrict__ p, const float* __restrict__ g, float* __restrict__ m,
                                     float* __restrict__ v, float* __restrict__ vmax, const unsigned char* __restrict__ keep,
                                     float decay, float b1, float oneMinusB1, float b2, float oneMinusB2,
                                     float negStepSize, float bc2Sqrt, float eps) {
    for (long long i = global_thread(); i < n; i += grid_threads()) {
        if (keep && !keep[i]) continue;
        float gi = g[i];
        float pi = p[i] * decay;
        float mi = m[i] * b1 + oneMinusB1 * gi;
        float vi = v[i] * b2 + oneMinusB2 * gi * gi;
        m[i] = mi;
        v[i] = vi;
        float second = vi;
        if (vmax) { second = fmaxf(vmax[i], vi); vmax[i] = second; }
        float denom = sqrtf(second) / bc2Sqrt + eps;
        p[i] = pi + negStepSize * mi / denom;
    }
}
