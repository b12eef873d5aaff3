package org.peft4j.kernels.cuda;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * The defined global functions a 64-bit little-endian ELF shared library exports (its .dynsym), read in pure
 * Java: what {@code nm -D --defined-only} lists, without needing binutils or loading the library.
 */
final class ElfDynamicSymbols {
    private static final int SHT_DYNSYM = 11;
    private static final int STT_FUNC = 2, STB_GLOBAL = 1, STB_WEAK = 2;

    private ElfDynamicSymbols() {}

    static Set<String> definedFunctions(byte[] elf) {
        ByteBuffer b = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        if (elf.length < 64 || b.getInt(0) != 0x464c457f) throw new IllegalArgumentException("not an ELF file (bad magic)");
        if (elf[4] != 2 || elf[5] != 1) throw new IllegalArgumentException("not a 64-bit little-endian ELF (class " + elf[4] + ", data " + elf[5] + ")");
        long shoff = b.getLong(0x28);
        int shentsize = Short.toUnsignedInt(b.getShort(0x3A)), shnum = Short.toUnsignedInt(b.getShort(0x3C));
        Set<String> out = new HashSet<>();
        for (int i = 0; i < shnum; i++) {
            int sh = (int) (shoff + (long) i * shentsize);
            if (b.getInt(sh + 4) != SHT_DYNSYM) continue;
            long symOff = b.getLong(sh + 0x18), symSize = b.getLong(sh + 0x20), entSize = b.getLong(sh + 0x38);
            int strSection = b.getInt(sh + 0x28);
            int str = (int) (shoff + (long) strSection * shentsize);
            long strOff = b.getLong(str + 0x18);
            for (long s = symOff; s + entSize <= symOff + symSize; s += entSize) {
                int name = b.getInt((int) s);
                int info = elf[(int) s + 4] & 0xff;
                int shndx = Short.toUnsignedInt(b.getShort((int) s + 6));
                int type = info & 0xf, bind = info >> 4;
                if (shndx == 0 || type != STT_FUNC || (bind != STB_GLOBAL && bind != STB_WEAK)) continue;
                out.add(cString(elf, (int) (strOff + name)));
            }
        }
        return out;
    }

    private static String cString(byte[] elf, int at) {
        int end = at;
        while (elf[end] != 0) end++;
        return new String(elf, at, end - at, StandardCharsets.US_ASCII);
    }
}
