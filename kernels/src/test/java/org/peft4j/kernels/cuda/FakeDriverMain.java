package org.peft4j.kernels.cuda;

import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.io.PrintWriter;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Runs in a child JVM started by {@link FakeDriverTest}: loads the fake libcuda.so.1, libcublas.so.12 and libcusolver (so
 * JCuda's natives bind to them), then runs the twin tests on their "gpu" kind only, which now goes through the probe, DriverDevice
 * and JCuda's JNI layer. Prints the probe summary and the JUnit summary; exits 1 on any failure.
 */
public final class FakeDriverMain {
    public static void main(String[] args) {
        for (String lib : args) System.load(lib); // libcuda.so.1, libcublas.so.12, libcusolver.so.11, libcusolverMg.so.11
        System.setProperty("peft4j.test.kinds", "gpu");
        CudaStatus s = CudaProbe.status();
        System.out.println("probe: " + s.summary());
        if (!s.available()) System.exit(2);
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(
                selectClass(ElementwiseTwinTest.class), selectClass(ReductionSoftmaxTwinTest.class), selectClass(NormActivationTwinTest.class),
                selectClass(EmbeddingLossOptimTwinTest.class), selectClass(GemmTwinTest.class), selectClass(GpuSvdTest.class),
                selectClass(TransferTwinTest.class)).build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(request, listener);
        TestExecutionSummary summary = listener.getSummary();
        summary.printTo(new PrintWriter(System.out));
        summary.printFailuresTo(new PrintWriter(System.out), 20);
        System.out.println("fake-driver tests: " + summary.getTestsSucceededCount() + " passed, " + summary.getTestsFailedCount() + " failed, "
                + summary.getTestsSkippedCount() + " skipped, " + summary.getTestsAbortedCount() + " aborted");
        System.exit(summary.getTotalFailureCount() == 0 && summary.getTestsSucceededCount() > 0 && summary.getTestsAbortedCount() == 0 ? 0 : 1);
    }
}
