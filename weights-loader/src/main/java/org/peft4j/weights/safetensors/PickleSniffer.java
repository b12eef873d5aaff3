package org.peft4j.weights.safetensors;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.Locale;

/** Recognises PyTorch pickle checkpoints by name or by their first bytes, so they are refused with an explanation. */
final class PickleSniffer {
    private PickleSniffer() {}

    /** File names PyTorch and Lightning use for pickle checkpoints. */
    static boolean hasPickleName(Path file) {
        String n = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".bin") || n.endsWith(".pt") || n.endsWith(".pth") || n.endsWith(".ckpt") || n.endsWith(".pkl")
                || n.endsWith(".pickle");
    }

    /**
     * What the bytes look like if they are a torch.save file: a zip archive (PyTorch >= 1.6) or a bare pickle stream
     * (protocol 2-5); null otherwise. Called only once the bytes have failed as safetensors.
     */
    static String describe(MemorySegment bytes) {
        long n = bytes.byteSize();
        if (n >= 4 && b(bytes, 0) == 'P' && b(bytes, 1) == 'K' && b(bytes, 2) == 3 && b(bytes, 3) == 4)
            return "it is a zip archive, the container torch.save writes (PyTorch >= 1.6), holding a pickle";
        // 0x80 0x0N also begins some valid safetensors length prefixes (640 = 0x280); a pickle's next bytes make the
        // little-endian length far larger than any header can be
        if (n >= 8 && b(bytes, 0) == 0x80 && b(bytes, 1) >= 2 && b(bytes, 1) <= 5
                && Long.compareUnsigned(bytes.get(java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN), 0),
                        SafetensorsHeader.MAX_HEADER_BYTES) > 0)
            return "it starts like a Python pickle stream (protocol " + b(bytes, 1) + "), as legacy torch.save writes";
        return null;
    }

    private static int b(MemorySegment s, long i) { return s.get(ValueLayout.JAVA_BYTE, i) & 0xff; }
}
