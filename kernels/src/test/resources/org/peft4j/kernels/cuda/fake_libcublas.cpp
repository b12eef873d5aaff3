// A stand-in for cuBLAS 12 (soname libcublas.so.12, symbols versioned libcublas.so.12 by fake_libcublas.map) for
// tests without a GPU: the entry points CublasGemm calls, over the fake driver's host memory, with a plain
// column-major reference GEMM. It lets JCublas2's real JNI layer and CublasGemm's row-major to column-major
// mapping run against the CPU GEMM. Not cuBLAS, never shipped.
#include <cstdint>

typedef int cublasStatus_t;
static int fakeHandle;

static void gemm(int ta, int tb, int m, int n, int k, float alpha, const float* a, int lda, const float* b, int ldb,
                 float beta, float* c, int ldc) {
    for (int j = 0; j < n; j++)
        for (int i = 0; i < m; i++) {
            double acc = 0;
            for (int p = 0; p < k; p++) {
                float av = ta ? a[p + (int64_t) i * lda] : a[i + (int64_t) p * lda];
                float bv = tb ? b[j + (int64_t) p * ldb] : b[p + (int64_t) j * ldb];
                acc += (double) av * bv;
            }
            float* cij = c + i + (int64_t) j * ldc;
            *cij = beta == 0.0f ? (float) (alpha * acc) : (float) (alpha * acc + beta * *cij);
        }
}

extern "C" {
cublasStatus_t cublasCreate_v2(void** h) { *h = &fakeHandle; return 0; }
cublasStatus_t cublasDestroy_v2(void*) { return 0; }
cublasStatus_t cublasSetStream_v2(void*, void*) { return 0; }
cublasStatus_t cublasSetPointerMode_v2(void*, int) { return 0; }
cublasStatus_t cublasSetMathMode(void*, int) { return 0; }
cublasStatus_t cublasGetVersion_v2(void*, int* v) { *v = 120600; return 0; }

cublasStatus_t cublasSgemm_v2(void*, int ta, int tb, int m, int n, int k, const float* alpha, const float* a, int lda,
                              const float* b, int ldb, const float* beta, float* c, int ldc) {
    gemm(ta, tb, m, n, k, *alpha, a, lda, b, ldb, *beta, c, ldc);
    return 0;
}

cublasStatus_t cublasSgemmStridedBatched(void*, int ta, int tb, int m, int n, int k, const float* alpha, const float* a, int lda,
                                         long long sa, const float* b, int ldb, long long sb, const float* beta, float* c, int ldc,
                                         long long sc, int batch) {
    for (int t = 0; t < batch; t++) gemm(ta, tb, m, n, k, *alpha, a + t * sa, lda, b + t * sb, ldb, *beta, c + t * sc, ldc);
    return 0;
}
}
