// Host emulation of the small part of CUDA C that peft4j's kernels use, so the same kernel sources run on a
// CPU for tests on machines without a GPU. Blocks run one after another; the threads of a block run as
// cooperative fibers (ucontext) on one OS thread and switch only at __syncthreads and warp shuffles, which
// therefore behave as barriers with CUDA's semantics. __shared__ variables become statics (one block at a
// time, so one copy suffices). This checks kernel logic (indexing, reductions, barriers, bounds); it says
// nothing about GPU timing, memory ordering between blocks, or the PTX the driver JIT-compiles.
#pragma once
#include <cmath>
#include <cstdint>
#include <cstring>
#include <algorithm>

#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
#define __restrict__ __restrict
#define __shared__ static
#define __launch_bounds__(n)
#define __align__(n) alignas(n)

using std::min;
using std::max;
using std::isnan;

struct emu_dim3 { unsigned int x, y, z; };

namespace emu {
struct Thread;
Thread* current();
const emu_dim3& thread_idx();
const emu_dim3& block_idx();
const emu_dim3& block_dim();
const emu_dim3& grid_dim();
void sync_block();
void sync_warp();
uint64_t shuffle(uint64_t value, int srcLane);
int lane();
void* dynamic_shared();
}

#define threadIdx (emu::thread_idx())
#define blockIdx (emu::block_idx())
#define blockDim (emu::block_dim())
#define gridDim (emu::grid_dim())

inline void __syncthreads() { emu::sync_block(); }
inline void __syncwarp(unsigned int = 0xffffffffu) { emu::sync_warp(); }

template <typename T> inline T emu_shfl(T v, int src) {
    uint64_t bits = 0;
    std::memcpy(&bits, &v, sizeof(T));
    bits = emu::shuffle(bits, src);
    T out;
    std::memcpy(&out, &bits, sizeof(T));
    return out;
}

template <typename T> inline T __shfl_xor_sync(unsigned int, T v, int laneMask, int width = 32) {
    int l = emu::lane();
    int src = l ^ laneMask;
    if ((src / width) != (l / width)) src = l;
    return emu_shfl(v, src);
}

template <typename T> inline T __shfl_down_sync(unsigned int, T v, unsigned int delta, int width = 32) {
    int l = emu::lane();
    int src = (l % width) + (int) delta < width ? l + (int) delta : l;
    return emu_shfl(v, src);
}

template <typename T> inline T __shfl_sync(unsigned int, T v, int srcLane, int width = 32) {
    int l = emu::lane();
    return emu_shfl(v, (l / width) * width + srcLane % width);
}

// One OS thread runs all fibers, so atomics are plain read-modify-writes.
inline float atomicAdd(float* p, float v) { float old = *p; *p = old + v; return old; }
inline int atomicAdd(int* p, int v) { int old = *p; *p = old + v; return old; }

inline float __uint_as_float(unsigned int u) { float f; std::memcpy(&f, &u, 4); return f; }
inline float __int_as_float(int u) { float f; std::memcpy(&f, &u, 4); return f; }
inline unsigned int __float_as_uint(float f) { unsigned int u; std::memcpy(&u, &f, 4); return u; }
inline int __float_as_int(float f) { int u; std::memcpy(&u, &f, 4); return u; }
inline float rsqrtf(float x) { return 1.0f / std::sqrt(x); }
inline float __expf(float x) { return std::exp(x); }
inline float __logf(float x) { return std::log(x); }
inline float __fdividef(float a, float b) { return a / b; }
template <typename T> inline T __ldg(const T* p) { return *p; }
