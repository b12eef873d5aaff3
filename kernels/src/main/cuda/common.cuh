// Shared helpers for peft4j's CUDA kernels. Every kernel is extern "C" so its PTX .entry name is the name the
// Java side launches (org.peft4j.kernels.cuda.Kernel). The same sources also compile as host C++ with
// host_emulation.h (PEFT4J_HOST_EMULATION), which runs each block's threads as cooperative fibers so the
// kernels can be checked against their CPU twins on machines without a GPU.
#pragma once

#ifdef PEFT4J_HOST_EMULATION
#include "host_emulation.h"
#define DYNAMIC_SHARED(T, name) T* name = reinterpret_cast<T*>(emu::dynamic_shared())
#else
#define DYNAMIC_SHARED(T, name) extern __shared__ __align__(16) unsigned char name##_raw[]; T* name = reinterpret_cast<T*>(name##_raw)
#endif

#define PEFT4J_MAX_RANK 8
#define WARP 32

// A strided view of up to 8 dims, passed by value. Element `flat` (row-major over sizes) lives at
// sum_d idx_d * strides[d]; stride 0 broadcasts.
struct View {
    int rank;
    int sizes[PEFT4J_MAX_RANK];
    int strides[PEFT4J_MAX_RANK];
};

// Two views over the same sizes (binary elementwise with broadcasting).
struct View2 {
    int rank;
    int sizes[PEFT4J_MAX_RANK];
    int stridesA[PEFT4J_MAX_RANK];
    int stridesB[PEFT4J_MAX_RANK];
};

// Three views over the same sizes (where(cond, a, b)).
struct View3 {
    int rank;
    int sizes[PEFT4J_MAX_RANK];
    int stridesC[PEFT4J_MAX_RANK];
    int stridesA[PEFT4J_MAX_RANK];
    int stridesB[PEFT4J_MAX_RANK];
};

__device__ __forceinline__ long long view_offset(const View& v, long long flat) {
    long long off = 0;
    for (int d = v.rank - 1; d >= 0; d--) {
        int n = v.sizes[d];
        off += (flat % n) * (long long) v.strides[d];
        flat /= n;
    }
    return off;
}

__device__ __forceinline__ float bf16_to_float(unsigned short h) {
    return __uint_as_float(((unsigned int) h) << 16);
}

// IEEE binary16 widened by its bit fields (no cuda_fp16.h, so the host emulation compiles the same code).
__device__ __forceinline__ float f16_to_float(unsigned short h) {
    unsigned int sign = (h & 0x8000u) << 16;
    unsigned int exp = (h >> 10) & 0x1f;
    unsigned int frac = h & 0x3ffu;
    if (exp == 0) {
        float v = (float) frac * 5.9604644775390625e-8f; // frac * 2^-24 (zero and subnormals)
        return sign ? -v : v;
    }
    if (exp == 31) return __uint_as_float(sign | 0x7f800000u | (frac << 13));
    return __uint_as_float(sign | ((exp + 112) << 23) | (frac << 13));
}

// NaN-propagating max, like torch.maximum and the CPU kernels.
__device__ __forceinline__ float max_nan(float a, float b) {
    return (a != a || b != b) ? __int_as_float(0x7fc00000) : (a > b ? a : b);
}

__device__ __forceinline__ float warp_sum(float v) {
    for (int o = WARP / 2; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
    return v;
}

__device__ __forceinline__ float warp_max(float v) {
    for (int o = WARP / 2; o > 0; o >>= 1) v = max_nan(v, __shfl_xor_sync(0xffffffffu, v, o));
    return v;
}

// Block-wide sum; blockDim.x must be a multiple of 32 (at most 1024). `scratch` holds 32 floats of shared
// memory; every thread of the block gets the total.
__device__ __forceinline__ float block_sum(float v, float* scratch) {
    int lane = threadIdx.x % WARP, warp = threadIdx.x / WARP, warps = blockDim.x / WARP;
    v = warp_sum(v);
    __syncthreads();                 // scratch may still be read by a previous call
    if (lane == 0) scratch[warp] = v;
    __syncthreads();
    v = lane < warps ? scratch[lane] : 0.0f;
    return warp_sum(v);
}

__device__ __forceinline__ float block_max(float v, float* scratch) {
    int lane = threadIdx.x % WARP, warp = threadIdx.x / WARP, warps = blockDim.x / WARP;
    v = warp_max(v);
    __syncthreads();
    if (lane == 0) scratch[warp] = v;
    __syncthreads();
    v = lane < warps ? scratch[lane] : -INFINITY;
    return warp_max(v);
}

__device__ __forceinline__ long long global_thread() {
    return (long long) blockIdx.x * blockDim.x + threadIdx.x;
}

__device__ __forceinline__ long long grid_threads() {
    return (long long) gridDim.x * blockDim.x;
}
