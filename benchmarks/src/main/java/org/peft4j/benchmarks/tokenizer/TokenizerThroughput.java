package org.peft4j.benchmarks.tokenizer;

import org.peft4j.weights.tokenizer.Encoding;
import org.peft4j.weights.tokenizer.Tokenizer;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.List;

/**
 * Quick single-thread tokenizer throughput: encodes a 10 MB English corpus (one document per line of the
 * shared datasets, repeated) with each tokenizer and prints MB/s of UTF-8 input, per wall-clock second and
 * per second of this thread's CPU time (the latter is what to compare on a busy machine).
 *
 * <pre>java -cp ... org.peft4j.benchmarks.tokenizer.TokenizerThroughput FIXTURES_DIR [MB] [ROUNDS]</pre>
 * FIXTURES_DIR is the project's fixtures folder; tokenizers are read from golden/tokenizers/NAME/tokenizer.json.
 */
public final class TokenizerThroughput {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        Path fixtures = Path.of(args.length > 0 ? args[0] : "fixtures");
        long mb = args.length > 1 ? Long.parseLong(args[1]) : 10;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        String[] names = args.length > 3 ? args[3].split(",") : new String[]{"gpt2", "bert-minilm", "roberta", "llama2"};
        List<String> docs = EnglishCorpus.load(EnglishCorpus.datasetsDir(), mb * 1_000_000L);
        long bytes = 0;
        for (String d : docs) bytes += EnglishCorpus.utf8Length(d);
        System.out.printf("corpus: %d documents, %.2f MB UTF-8%n", docs.size(), bytes / 1e6);
        for (String name : names) {
            Tokenizer tok = Tokenizer.fromFile(fixtures.resolve("golden/tokenizers").resolve(name).resolve("tokenizer.json"))
                    .withTruncation(null).withPadding(null);
            double best = 0, bestCpu = 0;
            long tokens = 0;
            for (int r = 0; r < rounds; r++) {
                long c0 = THREADS.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                tokens = 0;
                for (String d : docs) {
                    Encoding e = tok.encode(d);
                    tokens += e.length();
                }
                double secs = (System.nanoTime() - t0) / 1e9;
                double cpuSecs = (THREADS.getCurrentThreadCpuTime() - c0) / 1e9;
                double mbs = bytes / 1e6 / secs, cpuMbs = bytes / 1e6 / cpuSecs;
                best = Math.max(best, mbs);
                bestCpu = Math.max(bestCpu, cpuMbs);
                System.out.printf("  %-12s round %d: %.2f s wall (%.1f MB/s), %.2f s thread CPU (%.1f MB/s), %d tokens%n",
                        name, r + 1, secs, mbs, cpuSecs, cpuMbs, tokens);
            }
            System.out.printf("%-12s best %.1f MB/s wall, %.1f MB/s per thread-CPU second (%d tokens, %.2f bytes/token)%n",
                    name, best, bestCpu, tokens, (double) bytes / tokens);
        }
    }
}
