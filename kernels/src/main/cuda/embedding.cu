// Embedding gather (weights in F32, F16 or BF16, widened to fp32) and its backward, a scatter-add of the
// output gradient into the weight gradient. Ids are checked on the host before launch; the kernels still
// skip an out-of-range id rather than touch memory outside the table.
#include "common.cuh"

enum WeightFormat { W_F32 = 0, W_F16 = 1, W_BF16 = 2 };

extern "C" __global__ void embedding_gather(int format, int n, int hidden, int vocab, const long long* __restrict__ ids,
                                            const void* __restrict__ weight, float* __restrict__ out) {
    long long total = (long long) n * hidden;
    for (long long t = global_thread(); t < total; t += grid_threads()) {
        long long row = t / hidden, j = t % hidden;
        long long id = ids[row];
        if (id < 0 || id >= vocab) continue;
        long long at = id * hidden + j;
        float v;
        if (format == W_F32) v = ((const float*) weight)[at];
        else if (format == W_F16) v = f16_to_float(((const unsigned short*) weight)[at]);
        else v = bf16_to_float(((const unsigned short*) weight)[at]);
        out[t] = v;
    }
}

// dWeight[ids[i], j] += gradOut[i, j]; repeated ids accumulate through atomics (their order, and so the
// last bits of the sum, may vary from run to run).
extern "C" __global__ void embedding_scatter_add_f32(int n, int hidden, int vocab, const long long* __restrict__ ids,
                                                     const float* __restrict__ gradOut, float* __restrict__ dWeight) {
    long long total = (long long) n * hidden;
    for (long long t = global_thread(); t < total; t += grid_threads()) {
        long long row = t / hidden, j = t % hidden;
        long long id = ids[row];
        if (id < 0 || id >= vocab) continue;
        atomicAdd(dWeight + id * hidden + j, gradOut[t]);
    }
}
