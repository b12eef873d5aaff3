// Tiled fp32 GEMM, row-major: C = alpha * op(A) op(B) + beta * C, op(X) = X or X^T, batched over grid.z with
// element strides between matrices. A 128x128 tile of C per block of 256 threads, 8x8 outputs per thread held
// in registers, K walked 8 at a time through shared memory. The bf16-weight variant computes
// C = alpha * A W^T + beta * C with W [N, K] stored as bf16 (the frozen base weight of a Linear layer),
// widened to fp32 as it is staged in shared memory, accumulating in fp32. beta == 0 never reads C.
#include "common.cuh"

#define TILE_M 128
#define TILE_N 128
#define TILE_K 8
#define GEMM_THREADS 256
#define PAD 4

// Element (row i, col k) of op(A) for A stored row-major with leading dimension lda.
__device__ __forceinline__ float load_a(const float* a, int transA, long long lda, int i, int k) {
    return transA ? a[(long long) k * lda + i] : a[(long long) i * lda + k];
}

__device__ __forceinline__ float load_b(const float* b, int transB, long long ldb, int k, int j) {
    return transB ? b[(long long) j * ldb + k] : b[(long long) k * ldb + j];
}

// Stages the A tile (TILE_M x TILE_K, stored k-major as as[k][i]). The thread-to-element mapping follows the
// storage order so that neighbouring threads read neighbouring addresses.
__device__ __forceinline__ void stage_a(float (*as)[TILE_M + PAD], const float* a, int transA, long long lda,
                                        int m, int kdim, int m0, int k0) {
    for (int e = threadIdx.x; e < TILE_M * TILE_K; e += GEMM_THREADS) {
        int i, k;
        if (transA) { k = e / TILE_M; i = e % TILE_M; } else { i = e / TILE_K; k = e % TILE_K; }
        int gi = m0 + i, gk = k0 + k;
        as[k][i] = (gi < m && gk < kdim) ? load_a(a, transA, lda, gi, gk) : 0.0f;
    }
}

__device__ __forceinline__ void stage_b(float (*bs)[TILE_N + PAD], const float* b, int transB, long long ldb,
                                        int n, int kdim, int n0, int k0) {
    for (int e = threadIdx.x; e < TILE_N * TILE_K; e += GEMM_THREADS) {
        int j, k;
        if (transB) { j = e / TILE_K; k = e % TILE_K; } else { k = e / TILE_N; j = e % TILE_N; }
        int gj = n0 + j, gk = k0 + k;
        bs[k][j] = (gj < n && gk < kdim) ? load_b(b, transB, ldb, gk, gj) : 0.0f;
    }
}

// W [N, K] bf16: element (k, j) of W^T is W[j * ldw + k].
__device__ __forceinline__ void stage_w_bf16(float (*bs)[TILE_N + PAD], const unsigned short* w, long long ldw,
                                             int n, int kdim, int n0, int k0) {
    for (int e = threadIdx.x; e < TILE_N * TILE_K; e += GEMM_THREADS) {
        int j = e / TILE_K, k = e % TILE_K;
        int gj = n0 + j, gk = k0 + k;
        bs[k][j] = (gj < n && gk < kdim) ? bf16_to_float(w[(long long) gj * ldw + gk]) : 0.0f;
    }
}

// 8x8 register tile per thread: rows ty + 16 r, columns tx + 16 c (conflict-free shared reads).
__device__ __forceinline__ void accumulate_tile(float (*as)[TILE_M + PAD], float (*bs)[TILE_N + PAD], float acc[8][8]) {
    int tx = threadIdx.x % 16, ty = threadIdx.x / 16;
    for (int k = 0; k < TILE_K; k++) {
        float av[8], bv[8];
        for (int r = 0; r < 8; r++) av[r] = as[k][ty + 16 * r];
        for (int c = 0; c < 8; c++) bv[c] = bs[k][tx + 16 * c];
        for (int r = 0; r < 8; r++)
            for (int c = 0; c < 8; c++) acc[r][c] += av[r] * bv[c];
    }
}

__device__ __forceinline__ void store_tile(float* c, long long ldc, int m, int n, int m0, int n0, float alpha, float beta,
                                           float acc[8][8]) {
    int tx = threadIdx.x % 16, ty = threadIdx.x / 16;
    for (int r = 0; r < 8; r++) {
        int gi = m0 + ty + 16 * r;
        if (gi >= m) continue;
        for (int cc = 0; cc < 8; cc++) {
            int gj = n0 + tx + 16 * cc;
            if (gj >= n) continue;
            float* p = c + (long long) gi * ldc + gj;
            *p = beta == 0.0f ? alpha * acc[r][cc] : alpha * acc[r][cc] + beta * *p;
        }
    }
}

extern "C" __global__ void __launch_bounds__(GEMM_THREADS) sgemm_tiled_f32(int transA, int transB, int m, int n, int k,
                float alpha, const float* __restrict__ a, long long lda, long long strideA,
                const float* __restrict__ b, long long ldb, long long strideB, float beta,
                float* __restrict__ c, long long ldc, long long strideC) {
    __shared__ float as[TILE_K][TILE_M + PAD];
    __shared__ float bs[TILE_K][TILE_N + PAD];
    a += blockIdx.z * strideA;
    b += blockIdx.z * strideB;
    c += blockIdx.z * strideC;
    int m0 = blockIdx.y * TILE_M, n0 = blockIdx.x * TILE_N;
    float acc[8][8];
    for (int r = 0; r < 8; r++)
        for (int cc = 0; cc < 8; cc++) acc[r][cc] = 0.0f;
    for (int k0 = 0; k0 < k; k0 += TILE_K) {
        stage_a(as, a, transA, lda, m, k, m0, k0);
        stage_b(bs, b, transB, ldb, n, k, n0, k0);
        __syncthreads();
        accumulate_tile(as, bs, acc);
        __syncthreads();
    }
    store_tile(c, ldc, m, n, m0, n0, alpha, beta, acc);
}

extern "C" __global__ void __launch_bounds__(GEMM_THREADS) gemm_bf16w_f32(int m, int n, int k, float alpha, const float* __restrict__ a, long long lda,
               const unsigned short* __restrict__ w, long long ldw, float beta, float* __restrict__ c, long long ldc) {
    __shared__ float as[TILE_K][TILE_M + PAD];
    __shared__ float bs[TILE_K][TILE_N + PAD];
    int m0 = blockIdx.y * TILE_M, n0 = blockIdx.x * TILE_N;
    float acc[8][8];
    for (int r = 0; r < 8; r++)
        for (int cc = 0; cc < 8; cc++) acc[r][cc] = 0.0f;
    for (int k0 = 0; k0 < k; k0 += TILE_K) {
        stage_a(as, a, 0, lda, m, k, m0, k0);
        stage_w_bf16(bs, w, ldw, n, k, n0, k0);
        __syncthreads();
        accumulate_tile(as, bs, acc);
        __syncthreads();
    }
    store_tile(c, ldc, m, n, m0, n0, alpha, beta, acc);
}
