package org.peft4j.cli.bench;

import java.lang.management.ManagementFactory;

/**
 * CPU time of the whole process (all threads) in nanoseconds. On a shared, oversubscribed machine wall time mostly
 * measures the neighbours; CPU time measures the work.
 */
final class ProcessCpu {
    private ProcessCpu() {}

    static long nanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) return os.getProcessCpuTime();
        throw new UnsupportedOperationException("this JVM does not report process CPU time");
    }
}
