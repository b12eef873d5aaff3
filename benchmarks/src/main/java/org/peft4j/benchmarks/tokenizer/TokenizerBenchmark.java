package org.peft4j.benchmarks.tokenizer;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.peft4j.weights.tokenizer.Tokenizer;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Single-thread encode throughput over a realistic English corpus ({@link EnglishCorpus}, one document per
 * encode call, special tokens added, no truncation or padding). One operation encodes the whole corpus,
 * so MB/s = corpusMB / (seconds per operation).
 *
 * <pre>java -cp ... org.openjdk.jmh.Main TokenizerBenchmark -p tokenizer=gpt2,bert-minilm</pre>
 * The fixtures folder is read from system property peft4j.fixtures (default ./fixtures), the datasets
 * from peft4j.shared (default ../shared).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "-XX:+UseParallelGC"})
public class TokenizerBenchmark {
    @Param({"gpt2", "bert-minilm"})
    public String tokenizer;

    @Param({"10"})
    public int corpusMB;

    private Tokenizer tok;
    private List<String> docs;

    @Setup
    public void setUp() throws Exception {
        Path fixtures = Path.of(System.getProperty("peft4j.fixtures", "fixtures"));
        tok = Tokenizer.fromFile(fixtures.resolve("golden/tokenizers").resolve(tokenizer).resolve("tokenizer.json"))
                .withTruncation(null).withPadding(null);
        docs = EnglishCorpus.load(EnglishCorpus.datasetsDir(), corpusMB * 1_000_000L);
    }

    @Benchmark
    public void encodeCorpus(Blackhole bh) {
        for (String d : docs) bh.consume(tok.encode(d));
    }
}
