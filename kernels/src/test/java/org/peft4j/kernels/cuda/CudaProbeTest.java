package org.peft4j.kernels.cuda;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** Without a GPU the probe says so, naming what is missing, and opening a context fails clearly. */
class CudaProbeTest {
    @Test
    void withoutLibcudaTheProbeNamesItAndTheCpuPath() {
        assumeFalse(NativeLibraries.isLoadable(CudaProbe.LIBCUDA), "this machine has libcuda.so.1; the no-driver message is not reachable here");
        CudaStatus s = CudaProbe.status();
        assertFalse(s.available());
        assertTrue(s.reason().contains("libcuda.so.1"), s.reason());
        assertTrue(s.summary().contains("the CPU path is used"), s.summary());
        assertFalse(s.cublas().loaded());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> CudaContext.open(0));
        assertTrue(e.getMessage().contains("cuda:0") && e.getMessage().contains("libcuda.so.1"), e.getMessage());
    }

    @Test
    void theProbeCanBeSwitchedOff() {
        String old = System.getProperty("peft4j.cuda.disable");
        System.setProperty("peft4j.cuda.disable", "true");
        try {
            CudaStatus s = CudaProbe.probe(0);
            assertFalse(s.available());
            assertTrue(s.reason().contains("peft4j.cuda.disable"), s.reason());
        } finally {
            if (old == null) System.clearProperty("peft4j.cuda.disable"); else System.setProperty("peft4j.cuda.disable", old);
        }
    }

    @Test
    void libraryProbesReportTheLoadersReason() {
        String why = NativeLibraries.whyNotLoadable("libpeft4j-no-such-library.so.7");
        assertTrue(why != null && !why.isBlank(), String.valueOf(why));
        assertTrue(NativeLibraries.isLoadable("libc.so.6"));
    }

    @Test
    void versionsPrintAsTheDriverEncodesThem() {
        assertTrue(CudaStatus.versionString(13000).equals("13.0"));
        assertTrue(CudaStatus.versionString(12040).equals("12.4"));
    }
}
