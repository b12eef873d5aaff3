package org.peft4j.cli;

import org.peft4j.cli.bench.BenchDecodeCommand;
import org.peft4j.cli.bench.BenchGemmCommand;
import org.peft4j.cli.bench.BenchTrainStepCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * `peft4j bench`: throughput measurements that print one JSON line each, comparable line by line with the peer
 * scripts in ../shared/bench. Subcommands share the timing harness in {@link org.peft4j.cli.bench.BenchTimer}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks that print JSON lines comparable with ../shared/bench peers.",
        subcommands = {BenchGemmCommand.class, BenchDecodeCommand.class, BenchTrainStepCommand.class})
public final class BenchCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
