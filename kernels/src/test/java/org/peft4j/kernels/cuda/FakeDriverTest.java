package org.peft4j.kernels.cuda;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.peft4j.kernels.cuda.emulation.EmulatorBuild;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JCuda driver path without a GPU: a fake libcuda.so.1 (host memory, launches dispatched to the host emulation)
 * with fake libcublas.so.12 (a column-major reference GEMM) and libcusolver.so.11 (a Jacobi SVD) are built with g++ and loaded into a child JVM before
 * JCuda's natives, and the twin tests run there on the "gpu" kind: CudaProbe, DriverDevice, the DevicePointer
 * conversions, heap and native copies, PTX module loading by entry name, cuLaunchKernel's parameter arrays and
 * CublasGemm's and CusolverSvd's row-major to column-major handling all run through JCuda's real JNI layers. What it cannot check:
 * the PTX itself on a GPU (see PtxFilesTest's ptxas check), timing, and real driver behaviour.
 */
class FakeDriverTest {
    @Test
    void theTwinTestsPassThroughJcudasDriverBindingsOverAFakeDriver() throws Exception {
        Assumptions.assumeTrue(EmulatorBuild.compiler() != null, "no g++ to build the fake libcuda.so.1");
        Assumptions.assumeFalse(NativeLibraries.isLoadable(CudaProbe.LIBCUDA), "a real libcuda.so.1 is present: the real GPU tests run instead");
        Path emu = EmulatorBuild.library().getParent();
        Path work = Files.createTempDirectory("peft4j-fake-libcuda");
        try {
            Path src = work.resolve("fake_libcuda.cpp");
            try (InputStream in = getClass().getResourceAsStream("/org/peft4j/kernels/cuda/fake_libcuda.cpp")) {
                Files.write(src, in.readAllBytes());
            }
            Path lib = work.resolve("libcuda.so.1"), cublas = work.resolve("libcublas.so.12");
            Path cusolver = work.resolve("libcusolver.so.11"), cusolverMg = work.resolve("libcusolverMg.so.11");
            run(EmulatorBuild.compiler(), "-std=c++17", "-O2", "-fPIC", "-shared", "-DPEFT4J_HOST_EMULATION=1", "-Wl,-soname,libcuda.so.1", "-I", emu.toString(),
                    "-o", lib.toString(), emu.resolve("host_emulation.cpp").toString(), src.toString());
            for (String f : new String[]{"fake_libcublas.cpp", "fake_libcublas.map", "fake_libcusolver.cpp", "fake_libcusolver.map", "fake_libcusolverMg.map"})
                try (InputStream in = getClass().getResourceAsStream("/org/peft4j/kernels/cuda/" + f)) {
                    Files.write(work.resolve(f), in.readAllBytes());
                }
            run(EmulatorBuild.compiler(), "-std=c++17", "-O2", "-fPIC", "-shared", "-Wl,-soname,libcublas.so.12",
                    "-Wl,--version-script=" + work.resolve("fake_libcublas.map"), "-o", cublas.toString(), work.resolve("fake_libcublas.cpp").toString());
            run(EmulatorBuild.compiler(), "-std=c++17", "-O2", "-fPIC", "-shared", "-Wl,-soname,libcusolver.so.11",
                    "-Wl,--version-script=" + work.resolve("fake_libcusolver.map"), "-o", cusolver.toString(), work.resolve("fake_libcusolver.cpp").toString());
            run(EmulatorBuild.compiler(), "-std=c++17", "-O2", "-fPIC", "-shared", "-DFAKE_MG", "-Wl,-soname,libcusolverMg.so.11",
                    "-Wl,--version-script=" + work.resolve("fake_libcusolverMg.map"), "-o", cusolverMg.toString(), work.resolve("fake_libcusolver.cpp").toString());
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xmx1g",
                    "-cp", childClasspath(), FakeDriverMain.class.getName(), lib.toString(), cublas.toString(), cusolver.toString(), cusolverMg.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the fake-driver JVM did not finish:\n" + out);
            assertEquals(0, p.exitValue(), "fake-driver JVM failed:\n" + out);
            System.out.println(out.lines().filter(l -> l.startsWith("probe:") || l.startsWith("fake-driver tests:")).toList());
            assertTrue(out.contains("peft4j fake CUDA device") && out.contains("sm_90"), out);
            assertTrue(out.contains("cuBLAS loaded"), "the fake cuBLAS should load through JCublas2:\n" + out);
            assertTrue(out.contains("cuSOLVER loaded"), "the fake cuSOLVER should load through JCusolver:\n" + out);
            assertTrue(out.contains(" 0 failed"), out);
        } finally {
            try (var files = Files.list(work)) { for (Path f : files.toList()) Files.delete(f); }
            Files.delete(work);
        }
    }

    /** This JVM's class path, plus the URLs of a URLClassLoader (the JUnit console's --class-path) if one loaded us. */
    private static String childClasspath() throws Exception {
        java.util.List<String> parts = new java.util.ArrayList<>(java.util.List.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator)));
        for (ClassLoader c = FakeDriverTest.class.getClassLoader(); c != null; c = c.getParent())
            if (c instanceof java.net.URLClassLoader u)
                for (java.net.URL url : u.getURLs()) parts.add(Path.of(url.toURI()).toString());
        return String.join(java.io.File.pathSeparator, parts);
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "timed out: " + String.join(" ", cmd));
        assertEquals(0, p.exitValue(), "failed: " + String.join(" ", cmd) + "\n" + log);
    }
}
