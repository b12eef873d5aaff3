package org.peft4j.kernels.cuda.driver;

import jcuda.jcusolver.JCusolverDn;
import jcuda.jcusolver.cusolverDnHandle;
import jcuda.jcusolver.cusolverStatus;
import jcuda.runtime.cudaStream_t;
import org.peft4j.kernels.cuda.CudaContext;
import org.peft4j.kernels.cuda.CudaException;
import org.peft4j.kernels.cuda.CudaKernels;
import org.peft4j.kernels.cuda.GesvdLayout;
import org.peft4j.kernels.cuda.TruncatedSvd;

import java.lang.foreign.MemorySegment;

/**
 * Exact SVD through cuSOLVER's gesvd (JCusolver), truncated to the top k. gesvd is column-major and needs
 * rows >= cols: a row-major m x n matrix is read as the column-major n x m A^T when n >= m (then A's left
 * singular vectors are the rows of VT and its right ones the columns of U), and is first transposed on the
 * device when m > n. The input is copied; w is left untouched.
 */
public final class CusolverSvd implements TruncatedSvd.Engine {
    private final DriverDevice device;
    private final cusolverDnHandle handle = new cusolverDnHandle();

    public CusolverSvd(DriverDevice device) {
        this.device = device;
        jcuda.jcusolver.JCusolver.setExceptionsEnabled(false);
        check("cusolverDnCreate", JCusolverDn.cusolverDnCreate(handle));
    }

    @Override
    public synchronized TruncatedSvd compute(CudaContext ctx, long w, int m, int n, int k) {
        long st = ctx.stream();
        check("cusolverDnSetStream", JCusolverDn.cusolverDnSetStream(handle, st == 0 ? new cudaStream_t() : new cudaStream_t(device.stream(st))));
        boolean wide = GesvdLayout.wide(m, n);
        int rows = GesvdLayout.rows(m, n), cols = GesvdLayout.cols(m, n); // the column-major matrix handed to gesvd
        long x = ctx.allocate(4L * m * n), s = ctx.allocate(4L * cols), u = ctx.allocate(4L * rows * cols), vt = ctx.allocate(4L * cols * cols);
        long info = ctx.allocate(4), rwork = ctx.allocate(4L * Math.max(1, cols - 1)), work = 0; // JCusolver rejects a null rwork
        try {
            if (wide) device.copyOnDevice(x, w, 4L * m * n, st);
            else CudaKernels.copy(device, st, new int[]{n, m}, w, new int[]{1, n}, x); // row-major A^T = column-major A
            int[] lwork = {0};
            check("cusolverDnSgesvd_bufferSize", JCusolverDn.cusolverDnSgesvd_bufferSize(handle, rows, cols, lwork));
            work = ctx.allocate(4L * Math.max(1, lwork[0]));
            check("cusolverDnSgesvd(" + rows + "x" + cols + ")", JCusolverDn.cusolverDnSgesvd(handle, 'S', 'S', rows, cols, new DevicePointer(x), rows,
                    new DevicePointer(s), new DevicePointer(u), rows, new DevicePointer(vt), cols, new DevicePointer(work), lwork[0], new DevicePointer(rwork),
                    new DevicePointer(info)));
            int[] devInfo = new int[1];
            device.copyToHost(MemorySegment.ofArray(devInfo), info, st);
            if (devInfo[0] != 0) throw new CudaException("cusolverDnSgesvd reports info " + devInfo[0] + " (" + (devInfo[0] > 0 ? "did not converge" : "bad argument") + ")");
            float[] sv = ctx.downloadFloats(s, cols), uh = ctx.downloadFloats(u, rows * cols), vth = ctx.downloadFloats(vt, cols * cols);
            return GesvdLayout.triplets(m, n, k, uh, sv, vth);
        } finally {
            ctx.free(x);
            ctx.free(s);
            ctx.free(u);
            ctx.free(vt);
            ctx.free(info);
            ctx.free(rwork);
            if (work != 0) ctx.free(work);
        }
    }

    static void check(String call, int rc) {
        if (rc != cusolverStatus.CUSOLVER_STATUS_SUCCESS) throw new CudaException(call + " failed: " + cusolverStatus.stringFor(rc));
    }
}
