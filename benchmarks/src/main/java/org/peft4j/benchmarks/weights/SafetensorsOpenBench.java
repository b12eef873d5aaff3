package org.peft4j.benchmarks.weights;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.peft4j.tensor.Tensor;
import org.peft4j.weights.safetensors.SafetensorsFile;

/**
 * How much heap opening a large safetensors file costs: the bytes allocated by the calling thread (HotSpot's exact
 * per-thread allocation counter) while opening a ~1 GB checkpoint, creating a view of every tensor, and reading
 * every element through those views. Usage: {@code SafetensorsOpenBench [file] [layers]}; the file (default
 * /tmp/peft4j-bench-1g.safetensors, 10 layers = 1.13 GB of random BF16 weights) is generated when absent.
 */
public final class SafetensorsOpenBench {
    private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : "/tmp/peft4j-bench-1g.safetensors");
        int layers = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        if (!Files.exists(file)) {
            long t = System.nanoTime();
            RandomCheckpoint.write(file, layers, 42);
            System.out.printf("wrote %s (%,d bytes) in %.1f s%n", file, Files.size(file), (System.nanoTime() - t) / 1e9);
        }
        System.out.printf("file: %s, %,d bytes; max heap %,d MiB; %s %s%n", file, Files.size(file),
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.vm.name"), System.getProperty("java.version"));

        long first = allocated(() -> { try (SafetensorsFile f = SafetensorsFile.open(file)) { f.size(); } });
        long[] warm = new long[7];
        long[] micros = new long[7];
        for (int i = 0; i < warm.length; i++) {
            long t = System.nanoTime();
            warm[i] = allocated(() -> { try (SafetensorsFile f = SafetensorsFile.open(file)) { f.size(); } });
            micros[i] = (System.nanoTime() - t) / 1000;
        }
        Arrays.sort(warm);
        Arrays.sort(micros);
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            List<String> names = f.names();
            Tensor[] views = new Tensor[names.size()];
            long viewBytes = allocated(() -> { for (int i = 0; i < views.length; i++) views[i] = f.tensor(names.get(i)); });
            double[] sum = new double[1];
            long t = System.nanoTime();
            long readBytes = allocated(() -> {
                for (Tensor v : views) {
                    var s = v.storage();
                    for (long i = 0, n = v.numel(); i < n; i++) sum[0] += s.getFloat(i);
                }
            });
            double secs = (System.nanoTime() - t) / 1e9;
            long elements = Arrays.stream(views).mapToLong(Tensor::numel).sum();
            System.out.printf("tensors: %d, elements: %,d, header: %,d bytes, metadata: %s%n", names.size(), elements, f.headerLength(), f.metadata());
            System.out.printf("heap allocated by open (first, with class initialisation): %,d bytes%n", first);
            System.out.printf("heap allocated by open (warm, median of %d): %,d bytes (min %,d, max %,d); open time median %,d us%n",
                    warm.length, warm[warm.length / 2], warm[0], warm[warm.length - 1], micros[micros.length / 2]);
            System.out.printf("heap allocated creating %d tensor views: %,d bytes%n", views.length, viewBytes);
            System.out.printf("heap allocated reading all %,d elements through the views: %,d bytes (%.1f s, checksum %.6g)%n",
                    elements, readBytes, secs, sum[0]);
        }
        System.out.println(Map.of("gc", ManagementFactory.getGarbageCollectorMXBeans().stream().map(g -> g.getName() + "=" + g.getCollectionCount()).toList()));
    }

    interface Body { void run() throws Exception; }

    private static long allocated(Body body) throws Exception {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        body.run();
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }
}
