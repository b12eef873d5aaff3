// GELU (erf and tanh forms) and SiLU, forward and backward, over contiguous data.
#include "common.cuh"

enum ActivationCode { A_GELU = 0, A_GELU_TANH = 1, A_SILU = 2 };

#define SQRT_2_OVER_PI 0.7978845608028654f
#define GELU_C 0.044715f
#define INV_SQRT2 0.7071067811865476f
#define INV_SQRT_2PI 0.3989422804014327f

__device__ __forceinline__ float act_fwd(int op, float x) {
    if (op == A_GELU) return 0.5f * x * erfcf(-x * INV_SQRT2);
    if (op == A_GELU_TANH) {
        float u = SQRT_2_OVER_PI * (x + GELU_C * x * x * x);
        // 1 + tanh(u) cancels for very negative u: use the equal x * sigmoid(2u) there.
        return u > -1.0f ? 0.5f * x * (1.0f + tanhf(u)) : x / (1.0f + expf(-2.0f * u));
    }
    return x / (1.0f + expf(-x));
}

__device__ __forceinline__ float act_grad(int op, float x) {
    if (op == A_GELU) return 0.5f * erfcf(-x * INV_SQRT2) + x * expf(-0.5f * x * x) * INV_SQRT_2PI;
    if (op == A_GELU_TANH) {
        float u = SQRT_2_OVER_PI * (x + GELU_C * x * x * x);
        float du = SQRT_2_OVER_PI * (1.0f + 3.0f * GELU_C * x * x);
        float t = tanhf(u);
        return 0.5f * (1.0f + t) + 0.5f * x * (1.0f - t * t) * du;
    }
    float s = 1.0f / (1.0f + expf(-x));
    return s * (1.0f + x * (1.0f - s));
}

extern "C" __global__ void act_fwd_f32(int op, long long n, const float* __restrict__ x, float* __restrict__ out) {
    for (long long i = global_thread(); i < n; i += grid_threads()) out[i] = act_fwd(op, x[i]);
}

extern "C" __global__ void act_bwd_f32(int op, long long n, const float* __restrict__ x, const float* __restrict__ dy,
                                       float* __restrict__ dx) {
    for (long long i = global_thread(); i < n; i += grid_threads()) dx[i] = dy[i] * act_grad(op, x[i]);
}
