package org.peft4j.kernels.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;

/**
 * Whether a shared library can be loaded here, asked through the dynamic loader (dlopen by soname, as JCuda's
 * natives will ask for their NEEDED libraries) without loading any JCuda native. The library is closed again.
 */
public final class NativeLibraries {
    private NativeLibraries() {}

    /** null when the library loads, otherwise the loader's reason. */
    public static String whyNotLoadable(String soname) {
        try (Arena arena = Arena.ofConfined()) {
            SymbolLookup.libraryLookup(soname, arena);
            return null;
        } catch (IllegalArgumentException | IllegalCallerException e) {
            return e.getMessage() == null ? "cannot be loaded" : e.getMessage();
        }
    }

    public static boolean isLoadable(String soname) { return whyNotLoadable(soname) == null; }
}
