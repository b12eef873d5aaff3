package org.peft4j.benchmarks;

import java.util.Arrays;

/**
 * The forward vs forward+backward ratio of {@link LinearBackwardBenchmark}, measured robustly on a shared machine:
 * the two are run alternately (so both see the same background load) and the minimum and median of each are
 * reported. The minimum is the least disturbed run; use JMH's numbers on a quiet machine.
 * <p>
 * Run: {@code java --add-modules jdk.incubator.vector -cp <benchmarks classpath> org.peft4j.benchmarks.LinearBackwardRatio [reps]}
 */
public final class LinearBackwardRatio {
    private LinearBackwardRatio() {}

    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        for (String dtype : new String[]{"BF16", "F32"}) {
            LinearBackwardBenchmark b = new LinearBackwardBenchmark();
            b.weightDtype = dtype;
            b.setup();
            for (int i = 0; i < 10; i++) { b.forward(); b.forwardBackward(); } // warm-up (JIT, thread pool)
            double[] fwd = new double[reps], both = new double[reps];
            for (int i = 0; i < reps; i++) {
                long t0 = System.nanoTime();
                b.forward();
                long t1 = System.nanoTime();
                b.forwardBackward();
                long t2 = System.nanoTime();
                fwd[i] = (t1 - t0) / 1e6;
                both[i] = (t2 - t1) / 1e6;
            }
            Arrays.sort(fwd);
            Arrays.sort(both);
            System.out.printf("%s weight, 1024x768 -> 768, %d reps: forward min %.2f ms median %.2f ms | forward+backward min %.2f ms median %.2f ms | ratio min %.2f median %.2f%n",
                    dtype, reps, fwd[0], fwd[reps / 2], both[0], both[reps / 2], both[0] / fwd[0], both[reps / 2] / fwd[reps / 2]);
        }
    }
}
