package org.peft4j.kernels.cuda;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Copies between host (heap arrays at an offset, native and read-only mapped-like segments) and device, and streams. */
class TransferTwinTest {
    static java.util.stream.Stream<String> kinds() { return TestDevices.kinds(); }

    @ParameterizedTest @MethodSource("kinds")
    void heapSlicesNativeSegmentsAndDeviceCopiesRoundTrip(String kind) {
        CudaContext ctx = TestDevices.context(kind);
        DeviceApi d = ctx.device();
        float[] host = new float[100];
        for (int i = 0; i < host.length; i++) host[i] = i * 0.5f;
        long a = ctx.allocate(4 * 40), b = ctx.allocate(4 * 40);
        long stream = d.createStream();
        try (Arena arena = Arena.ofConfined()) {
            d.copyToDevice(a, MemorySegment.ofArray(host).asSlice(4 * 10, 4 * 40), stream);   // a heap slice at an offset
            d.copyOnDevice(b, a, 4 * 40, stream);
            MemorySegment nat = arena.allocate(4 * 40);
            d.copyToHost(nat, b, stream);                                                   // into native memory
            float[] back = nat.toArray(ValueLayout.JAVA_FLOAT);
            float[] want = java.util.Arrays.copyOfRange(host, 10, 50);
            assertArrayEquals(want, back, kind + " heap slice -> device -> device -> native");
            d.copyToDevice(a, nat.asReadOnly(), stream);                                    // from read-only native memory
            float[] into = new float[60];
            d.copyToHost(MemorySegment.ofArray(into).asSlice(4 * 20, 4 * 40), a, stream);   // into a heap slice
            assertArrayEquals(want, java.util.Arrays.copyOfRange(into, 20, 60), kind + " native -> device -> heap slice");
            d.zero(a, 4 * 40, stream);
            d.synchronize(stream);
            assertArrayEquals(new float[40], ctx.downloadFloats(a, 40), kind + " zero");
            long[] mem = d.memoryInfo();
            assertTrue(mem[1] > 0 && mem[0] <= mem[1], kind + " memory info " + java.util.Arrays.toString(mem));
        } finally {
            d.destroyStream(stream);
            ctx.free(a);
            ctx.free(b);
        }
    }
}
