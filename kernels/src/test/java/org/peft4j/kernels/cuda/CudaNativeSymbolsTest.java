package org.peft4j.kernels.cuda;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The JCuda combination DESIGN.md chose (jcuda, jcublas, jcusolver-natives 12.6.0 with the jcusolver 11.7.0 Java
 * jar) is consistent without a GPU: every native method each Java jar declares is exported by the native library
 * its classes load (JNI names read from the .so's ELF dynamic symbols), and JCusolver's classes name the 12.6.0
 * natives. Nothing here loads a native library.
 */
class CudaNativeSymbolsTest {
    private static final String PLATFORM = "linux-x86_64";

    @Test
    void jcusolver117ClassesFindEveryNativeInTheJcusolver1260Library() throws Exception {
        assertNativesExported(jcuda.jcusolver.JCusolver.class, "jcuda/jcusolver/", "JCusolver-12.6.0");
    }

    @Test
    void jcusolverLoadsTheNativeLibraryNamedAfterTheJcudaCoreVersion() {
        assertEquals("12.6.0", jcuda.JCudaVersion.get());
        String lib = jcuda.LibUtils.createPlatformLibraryName("JCusolver-" + jcuda.JCudaVersion.get());
        assertNotNull(getClass().getResource("/lib/lib" + lib + ".so"), lib + " is not on the classpath (jcusolver-natives " + PLATFORM + ")");
    }

    @Test
    void jcublasAndTheDriverBindingsMatchTheirLibraries() throws Exception {
        assertNativesExported(jcuda.jcublas.JCublas2.class, "jcuda/jcublas/JCublas2", "JCublas2-12.6.0");
        assertNativesExported(jcuda.driver.JCudaDriver.class, "jcuda/driver/JCudaDriver", "JCudaDriver-12.6.0");
    }

    @Test
    void theElfReaderAgreesWithNmWhereBinutilsExist() throws Exception {
        java.nio.file.Path nm = java.nio.file.Path.of("/usr/bin/nm");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isExecutable(nm), "no /usr/bin/nm to cross-check the ELF reader");
        byte[] lib = libraryBytes("JCusolver-12.6.0");
        java.nio.file.Path tmp = java.nio.file.Files.createTempFile("jcusolver", ".so");
        try {
            java.nio.file.Files.write(tmp, lib);
            Process p = new ProcessBuilder(nm.toString(), "-D", "--defined-only", tmp.toString()).start();
            Set<String> fromNm = new java.util.HashSet<>();
            for (String line : new String(p.getInputStream().readAllBytes()).split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length == 3 && (f[1].equals("T") || f[1].equals("W"))) fromNm.add(f[2].replaceAll("@.*", ""));
            }
            assertEquals(0, p.waitFor());
            assertEquals(fromNm, ElfDynamicSymbols.definedFunctions(lib));
        } finally {
            java.nio.file.Files.delete(tmp);
        }
    }

    /** Every native method of the classes under prefix in clazz's jar has its JNI symbol in the named library. */
    private void assertNativesExported(Class<?> clazz, String prefix, String library) throws Exception {
        Set<String> symbols = ElfDynamicSymbols.definedFunctions(libraryBytes(library));
        assertTrue(symbols.size() > 10, library + " exports only " + symbols.size() + " functions");
        List<String> missing = new ArrayList<>();
        int checked = 0;
        try (JarFile jar = new JarFile(jarOf(clazz).toFile())) {
            for (JarEntry e : jar.stream().toList()) {
                String name = e.getName();
                if (!name.startsWith(prefix) || !name.endsWith(".class")) continue;
                Class<?> c = Class.forName(name.substring(0, name.length() - 6).replace('/', '.'), false, clazz.getClassLoader());
                for (Method m : c.getDeclaredMethods()) {
                    if (!Modifier.isNative(m.getModifiers())) continue;
                    checked++;
                    String shortName = JniNames.shortName(c, m), longName = JniNames.longName(c, m);
                    if (!symbols.contains(shortName) && !symbols.contains(longName)) missing.add(c.getSimpleName() + "." + m.getName() + " (" + shortName + ")");
                }
            }
        }
        assertTrue(checked > 0, "no native methods found under " + prefix);
        if (!missing.isEmpty())
            fail(missing.size() + " of " + checked + " native methods under " + prefix + " are missing from lib" + library + ": " + missing.subList(0, Math.min(20, missing.size())));
    }

    private static Path jarOf(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private byte[] libraryBytes(String library) throws IOException {
        String res = "/lib/lib" + library + "-" + PLATFORM + ".so";
        try (InputStream in = getClass().getResourceAsStream(res)) {
            assertNotNull(in, res + " is not on the classpath");
            return in.readAllBytes();
        }
    }
}
