package org.peft4j.tensor;

import org.junit.jupiter.api.Test;
import org.peft4j.kernels.cuda.CudaProbe;
import org.peft4j.kernels.cuda.NativeLibraries;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** On a machine without the NVIDIA driver, asking for a CUDA device fails clearly and the CPU path is untouched. */
class CudaBackendWithoutGpuTest {
    @Test
    void movingATensorToCudaWithoutADriverThrowsANamedIllegalStateException() {
        assumeFalse(NativeLibraries.isLoadable(CudaProbe.LIBCUDA), "this machine has libcuda.so.1");
        Tensor t = Tensor.of(new float[]{1, 2, 3}, 3);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.to(Device.cuda(0)));
        assertTrue(e.getMessage().contains("cuda:0"), e.getMessage());
        assertTrue(e.getMessage().contains("libcuda.so.1"), e.getMessage());
        assertTrue(e.getMessage().contains("CPU path"), e.getMessage());
        IllegalStateException again = assertThrows(IllegalStateException.class, () -> Backends.get(Device.parse("cuda:1")));
        assertTrue(again.getMessage().contains("cuda:1"), again.getMessage());
    }

    @Test
    void theCpuPathIsUnchanged() {
        Tensor t = Tensor.of(new float[]{1, 2, 3, 4}, 2, 2);
        assertSame(t, t.to(Device.CPU));
        assertSame(CpuBackend.INSTANCE, Backends.get(Device.CPU));
        assertEquals(2f, t.transpose(0, 1).copy().get(1, 0));
    }
}
