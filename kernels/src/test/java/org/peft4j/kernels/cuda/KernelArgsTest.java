package org.peft4j.kernels.cuda;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KernelArgsTest {
    @Test
    void viewsPackAsTheCStructs() {
        int[] v = KernelArgs.packViews(new int[]{2, 3}, new int[]{3, 1}, new int[]{0, 1});
        assertEquals(25, v.length);
        assertEquals(2, v[0]);
        assertArrayEquals(new int[]{2, 3, 0, 0, 0, 0, 0, 0}, java.util.Arrays.copyOfRange(v, 1, 9));
        assertArrayEquals(new int[]{3, 1}, java.util.Arrays.copyOfRange(v, 9, 11));
        assertArrayEquals(new int[]{0, 1}, java.util.Arrays.copyOfRange(v, 17, 19));
        assertThrows(IllegalArgumentException.class, () -> KernelArgs.packViews(new int[9], new int[9]));
        assertThrows(IllegalArgumentException.class, () -> KernelArgs.packViews(new int[]{2}, new int[]{1, 1}));
    }

    @Test
    void aLaunchWhoseArgumentsDoNotMatchTheKernelIsRejectedByName() {
        KernelArgs args = new KernelArgs().i64(3).f32(1f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> args.checkAgainst(Kernel.EW_FILL));
        assertTrue(e.getMessage().contains("ew_fill_f32"), e.getMessage());
        new KernelArgs().i64(3).f32(1f).ptr(0).checkAgainst(Kernel.EW_FILL);
    }

    @Test
    void gemmShapesAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> GemmShapes.check("sgemm", false, false, 4, 5, 6, 5, 5, 5, 1));
        assertThrows(IllegalArgumentException.class, () -> GemmShapes.check("sgemm", false, true, 4, 5, 6, 6, 5, 5, 1));
        GemmShapes.check("sgemm", true, true, 4, 5, 6, 4, 6, 5, 1);
    }
}
