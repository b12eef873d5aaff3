package org.peft4j.kernels.cuda.driver;

import jcuda.Pointer;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import jcuda.jcublas.cublasOperation;
import jcuda.jcublas.cublasStatus;
import jcuda.runtime.cudaStream_t;
import org.peft4j.kernels.cuda.CudaException;
import org.peft4j.kernels.cuda.DeviceGemm;

/**
 * fp32 GEMM through cuBLAS (JCublas2), pure fp32 math (no TF32) so it agrees with the CPU GEMM to fp32 rounding.
 * cuBLAS is column-major: a row-major m x n matrix is its n x m transpose, so row-major C = op(A) op(B) is
 * computed as column-major C^T = op(B)^T op(A)^T, i.e. cublasSgemm(opB, opA, n, m, k, B, A, C).
 */
public final class CublasGemm implements DeviceGemm {
    private final DriverDevice device;
    private final cublasHandle handle = new cublasHandle();
    private long boundStream = -1;

    public CublasGemm(DriverDevice device) {
        this.device = device;
        JCublas2.setExceptionsEnabled(false);
        check("cublasCreate", JCublas2.cublasCreate(handle));
    }

    @Override public String name() { return "cublas"; }

    @Override
    public synchronized void sgemm(long stream, boolean transA, boolean transB, int m, int n, int k, float alpha, long a, long lda, long strideA,
                                   long b, long ldb, long strideB, float beta, long c, long ldc, long strideC, int batch) {
        if ((long) m * n * batch == 0) return;
        if (stream != boundStream) {
            check("cublasSetStream", JCublas2.cublasSetStream(handle, stream == 0 ? new cudaStream_t() : new cudaStream_t(device.stream(stream))));
            boundStream = stream;
        }
        int opA = transA ? cublasOperation.CUBLAS_OP_T : cublasOperation.CUBLAS_OP_N;
        int opB = transB ? cublasOperation.CUBLAS_OP_T : cublasOperation.CUBLAS_OP_N;
        Pointer al = Pointer.to(new float[]{alpha}), be = Pointer.to(new float[]{beta});
        int rc = batch == 1
                ? JCublas2.cublasSgemm(handle, opB, opA, n, m, k, al, new DevicePointer(b), toInt(ldb), new DevicePointer(a), toInt(lda), be,
                        new DevicePointer(c), toInt(ldc))
                : JCublas2.cublasSgemmStridedBatched(handle, opB, opA, n, m, k, al, new DevicePointer(b), toInt(ldb), strideB,
                        new DevicePointer(a), toInt(lda), strideA, be, new DevicePointer(c), toInt(ldc), strideC, batch);
        check("cublasSgemm(" + m + "x" + n + "x" + k + (batch > 1 ? ", batch " + batch : "") + ")", rc);
    }

    private static int toInt(long ld) {
        if (ld > Integer.MAX_VALUE) throw new IllegalArgumentException("cuBLAS leading dimension " + ld + " exceeds int range");
        return (int) ld;
    }

    static void check(String call, int rc) {
        if (rc != cublasStatus.CUBLAS_STATUS_SUCCESS) throw new CudaException(call + " failed: " + cublasStatus.stringFor(rc));
    }
}
