package org.peft4j.kernels.cuda;

/**
 * Row-major fp32 GEMM on device pointers, batched with element strides: C = alpha op(A) op(B) + beta C.
 * Implemented by cuBLAS when it loads ({@code driver.CublasGemm}) and by our PTX kernel otherwise ({@link PtxGemm}).
 */
public interface DeviceGemm {
    /** "cublas" or "ptx". */
    String name();

    void sgemm(long stream, boolean transA, boolean transB, int m, int n, int k, float alpha, long a, long lda, long strideA,
               long b, long ldb, long strideB, float beta, long c, long ldc, long strideC, int batch);
}
