package org.peft4j.tensor;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class TensorViewTest {
    private static Tensor iota(int... shape) {
        float[] d = new float[Shapes.numel(shape)];
        for (int i = 0; i < d.length; i++) d[i] = i;
        return Tensor.of(d, shape);
    }

    @Test
    void transposeAndContiguousMoveElements() {
        Tensor t = iota(2, 3);
        Tensor tt = t.transpose(0, 1);
        assertArrayEquals(new int[]{3, 2}, tt.shape());
        assertFalse(tt.isContiguous());
        assertArrayEquals(new float[]{0, 3, 1, 4, 2, 5}, tt.contiguous().toFloatArray());
        assertEquals(5f, tt.get(2, 1));
    }

    @Test
    void reshapeInfersAndCopiesOnlyWhenNeeded() {
        Tensor t = iota(2, 3, 4);
        Tensor r = t.reshape(6, -1);
        assertSame(t.storage(), r.storage());
        assertArrayEquals(new int[]{6, 4}, r.shape());
        Tensor p = t.permute(2, 0, 1).reshape(4, 6);
        assertNotSame(t.storage(), p.storage());
        assertEquals(t.get(1, 2, 3), p.get(3, 5));
        assertThrows(IllegalArgumentException.class, () -> t.reshape(5, -1));
        assertThrows(IllegalStateException.class, () -> t.transpose(0, 1).view(24));
    }

    @Test
    void narrowSelectExpand() {
        Tensor t = iota(4, 5);
        Tensor n = t.narrow(1, 1, 3);
        assertArrayEquals(new float[]{1, 2, 3, 6, 7, 8, 11, 12, 13, 16, 17, 18}, n.toFloatArray());
        assertArrayEquals(new float[]{10, 11, 12, 13, 14}, t.select(0, 2).toFloatArray());
        Tensor col = iota(3, 1).expand(3, 4);
        assertArrayEquals(new float[]{0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2}, col.toFloatArray());
        Tensor lead = iota(2).expand(3, 2);
        assertArrayEquals(new float[]{0, 1, 0, 1, 0, 1}, lead.toFloatArray());
        assertThrows(IllegalArgumentException.class, () -> iota(3, 2).expand(3, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> t.narrow(1, 3, 3));
        assertArrayEquals(new int[]{4, 1, 5}, t.unsqueeze(1).shape());
        assertArrayEquals(new float[]{5, 6, 7, 8, 9}, t.unsqueeze(1).select(0, 1).squeeze(0).toFloatArray());
    }

    @Test
    void concatSplitIndexSelect() {
        Tensor a = iota(2, 2), b = iota(2, 3);
        Tensor c = Tensors.concat(1, a, b);
        assertArrayEquals(new float[]{0, 1, 0, 1, 2, 2, 3, 3, 4, 5}, c.toFloatArray());
        List<Tensor> parts = Tensors.split(c, 2, 1);
        assertEquals(3, parts.size());
        assertArrayEquals(new int[]{2, 1}, parts.get(2).shape());
        Tensor sel = Tensors.indexSelect(iota(4, 2), 0, Tensor.ofLongs(new long[]{3, 0, 3}, 3));
        assertArrayEquals(new float[]{6, 7, 0, 1, 6, 7}, sel.toFloatArray());
        assertThrows(IndexOutOfBoundsException.class, () -> Tensors.indexSelect(iota(4, 2), 0, Tensor.ofLongs(new long[]{4}, 1)));
        assertThrows(IllegalArgumentException.class, () -> Tensors.concat(0, a, iota(2, 3)));
    }

    @Test
    void bf16AndF16SegmentsWidenOnRead() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(8);
            ValueLayout.OfShort s = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
            seg.set(s, 0, (short) (Float.floatToIntBits(1.5f) >>> 16));
            seg.set(s, 2, (short) (Float.floatToIntBits(-2f) >>> 16));
            seg.set(s, 4, Float.floatToFloat16(0.25f));
            seg.set(s, 6, Float.floatToFloat16(3f));
            Tensor bf = Tensor.ofSegment(seg.asSlice(0, 4), DType.BF16, 2);
            Tensor f16 = Tensor.ofSegment(seg.asSlice(4, 4), DType.F16, 2);
            assertArrayEquals(new float[]{1.5f, -2f}, bf.toFloatArray());
            assertArrayEquals(new float[]{0.25f, 3f}, f16.contiguous().toFloatArray());
            assertTrue(bf.storage().isReadOnly());
            assertThrows(UnsupportedOperationException.class, () -> bf.set(1f, 0));
        }
    }

    @Test
    void allCloseNamesWorstElement() {
        Tensor a = Tensor.of(new float[]{1, 2, 3, 4}, 2, 2);
        Tensor b = Tensor.of(new float[]{1, 2, 3.5f, 4.01f}, 2, 2);
        assertTrue(a.allClose(a, 1e-6, 0));
        assertFalse(a.allClose(b, 1e-3, 1e-3));
        String msg = a.compare(b, 1e-3, 1e-3);
        assertTrue(msg.contains("[1, 0]"), msg);
        assertTrue(msg.contains("3.5"), msg);
        assertNotNull(a.compare(Tensor.of(new float[]{1, 2, 3, Float.NaN}, 2, 2), 1, 1));
        assertTrue(Tensor.zeros(3, 4).toString().contains("[3, 4]"));
    }

    @Test
    void badViewsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(-1, 2));
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(1 << 16, 1 << 16));
        assertThrows(IndexOutOfBoundsException.class, () -> new Tensor(new FloatStorage(4), new int[]{2, 3}, new int[]{3, 1}, 0));
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[3], 2, 2));
        assertThrows(IllegalArgumentException.class, () -> iota(2, 2).permute(0, 0));
    }
}
