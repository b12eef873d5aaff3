package org.peft4j.cli;

import org.peft4j.cli.fed.FedClientCommand;
import org.peft4j.cli.fed.FedServerCommand;
import org.peft4j.cli.fed.FedSimulateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** `peft4j fed ...`: federated learning tools. Each subcommand is its own class. */
@Command(name = "fed", mixinStandardHelpOptions = true,
        description = "Federated fine-tuning: run a server and clients (or a whole simulation), plan ranks and CPU frequencies, partition data across clients.",
        subcommands = {FedPlanCommand.class, FedPartitionCommand.class, FedServerCommand.class, FedClientCommand.class, FedSimulateCommand.class})
public final class FedCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
