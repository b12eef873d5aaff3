package org.peft4j.kernels.cuda.emulation;

import org.peft4j.kernels.cuda.DeviceApi;
import org.peft4j.kernels.cuda.Kernel;
import org.peft4j.kernels.cuda.KernelArgs;
import org.peft4j.kernels.cuda.LaunchConfig;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A {@link DeviceApi} that runs the CUDA C kernels on the host (see host_emulation.h): "device" memory is
 * aligned native memory, copies are memcpy, a launch calls emu_launch in the library {@link EmulatorBuild}
 * compiles. Everything runs synchronously, so streams are only handles. This is for tests of kernel logic and of
 * the Java launch code on machines without a GPU; it is not a GPU and says nothing about GPU speed.
 */
public final class HostEmulatedDevice implements DeviceApi {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle ALIGNED_ALLOC = LINKER.downcallHandle(LINKER.defaultLookup().find("aligned_alloc").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
    private static final MethodHandle FREE = LINKER.downcallHandle(LINKER.defaultLookup().find("free").orElseThrow(),
            FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));
    private static final long ALIGN = 256; // cuMemAlloc's alignment

    private final MethodHandle launch;
    private final Set<Long> live = new HashSet<>();
    private long nextStream = 1;

    public HostEmulatedDevice() {
        SymbolLookup lib = SymbolLookup.libraryLookup(EmulatorBuild.library(), Arena.global());
        launch = LINKER.downcallHandle(lib.find("emu_launch").orElseThrow(() -> new IllegalStateException("emu_launch missing from the emulation library")),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                        ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    }

    /** True when a C++ compiler is present to build the emulation. */
    public static boolean isSupported() { return EmulatorBuild.compiler() != null; }

    @Override public String description() { return "host emulation of the CUDA kernels (not a GPU)"; }
    @Override public boolean isGpu() { return false; }

    @Override
    public synchronized long allocate(long bytes) {
        long size = Math.max(ALIGN, (bytes + ALIGN - 1) / ALIGN * ALIGN);
        try {
            long p = ((MemorySegment) ALIGNED_ALLOC.invokeExact(ALIGN, size)).address();
            if (p == 0) throw new org.peft4j.kernels.cuda.DeviceOutOfMemoryException("host emulation: aligned_alloc of " + size + " bytes failed");
            live.add(p);
            return p;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Override
    public synchronized void release(long ptr) {
        if (!live.remove(ptr)) throw new IllegalArgumentException("host emulation: free of 0x" + Long.toHexString(ptr) + ", not a live allocation");
        try {
            FREE.invokeExact(MemorySegment.ofAddress(ptr));
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static MemorySegment at(long ptr, long bytes) { return MemorySegment.ofAddress(ptr).reinterpret(bytes); }

    @Override public void copyToDevice(long dst, MemorySegment src, long stream) { at(dst, src.byteSize()).copyFrom(src); }
    @Override public void copyToHost(MemorySegment dst, long src, long stream) { dst.copyFrom(at(src, dst.byteSize())); }
    @Override public void copyOnDevice(long dst, long src, long bytes, long stream) { at(dst, bytes).copyFrom(at(src, bytes)); }
    @Override public void zero(long ptr, long bytes, long stream) { at(ptr, bytes).fill((byte) 0); }

    @Override
    public void launch(Kernel kernel, LaunchConfig c, KernelArgs args, long stream) {
        args.checkAgainst(kernel);
        try (Arena arena = Arena.ofConfined()) {
            List<KernelArgs.Arg> list = args.list();
            MemorySegment params = arena.allocate(ValueLayout.ADDRESS, Math.max(1, list.size()));
            for (int i = 0; i < list.size(); i++) params.setAtIndex(ValueLayout.ADDRESS, i, value(arena, list.get(i)));
            MemorySegment error = arena.allocate(1024);
            int rc = (int) launch.invokeExact(arena.allocateFrom(kernel.entry()), c.gridX(), c.gridY(), c.gridZ(), c.blockX(), c.blockY(), c.blockZ(),
                    c.sharedBytes(), params, error, 1024);
            if (rc != 0) throw new IllegalStateException("host emulation of " + kernel.entry() + " failed: " + error.getString(0, StandardCharsets.UTF_8));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static MemorySegment value(Arena arena, KernelArgs.Arg a) {
        return switch (a.type()) {
            case I32 -> arena.allocateFrom(ValueLayout.JAVA_INT, (Integer) a.value());
            case I64, PTR -> arena.allocateFrom(ValueLayout.JAVA_LONG, (Long) a.value());
            case F32 -> arena.allocateFrom(ValueLayout.JAVA_FLOAT, (Float) a.value());
            case VIEW, VIEW2, VIEW3, STRIDES4 -> arena.allocateFrom(ValueLayout.JAVA_INT, (int[]) a.value());
        };
    }

    @Override public synchronized long createStream() { return nextStream++; }
    @Override public void destroyStream(long stream) {}
    @Override public void synchronize(long stream) {}
    @Override public long[] memoryInfo() { return new long[]{Runtime.getRuntime().freeMemory(), Runtime.getRuntime().maxMemory()}; }

    @Override
    public synchronized void close() {
        for (long p : Set.copyOf(live)) release(p);
    }
}
