package org.peft4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The `peft4j` command. Each subcommand lives in its own class beside this one. */
@Command(name = "peft4j", mixinStandardHelpOptions = true, version = "peft4j 0.1.0",
        description = "Parameter-efficient fine-tuning of transformers in pure Java, alone or federated.",
        subcommands = {
                CommandLine.HelpCommand.class,
                BenchCommand.class,
                ForwardCommand.class,
                GenerateCommand.class,
                InspectCommand.class,
                TokenizeCommand.class,
                FedCommand.class,
                DemoCommand.class,
                MetricsCommand.class,
                FinetuneCommand.class,
                EvalCommand.class,
        })
public final class Main implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }
}
