package org.peft4j.kernels.cuda;

/** Our tiled fp32 GEMM kernel (gemm.cu), the fallback when cuBLAS does not load. */
public final class PtxGemm implements DeviceGemm {
    private final DeviceApi device;

    public PtxGemm(DeviceApi device) { this.device = device; }

    @Override public String name() { return "ptx"; }

    @Override
    public void sgemm(long stream, boolean transA, boolean transB, int m, int n, int k, float alpha, long a, long lda, long strideA,
                      long b, long ldb, long strideB, float beta, long c, long ldc, long strideC, int batch) {
        CudaKernels.sgemm(device, stream, transA, transB, m, n, k, alpha, a, lda, strideA, b, ldb, strideB, beta, c, ldc, strideC, batch);
    }
}
