package org.peft4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.peft4j.federated.planner.DevicePlan;
import org.peft4j.federated.planner.Plan;
import org.peft4j.federated.planner.PlanJson;
import org.peft4j.federated.planner.PlannerInputException;
import org.peft4j.federated.planner.PlannerInputReader;
import org.peft4j.federated.planner.RankPlanner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `peft4j fed plan --devices FILE [--json]`: the LoRA rank and per-device CPU frequency under latency and energy budgets. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Largest LoRA rank every device can train within the round deadline and its energy budget, "
                + "and each device's CPU frequency, latency and energy at that rank (format: fixtures/planner/README.md).")
public final class FedPlanCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--devices", required = true, description = "planner input JSON (global spec + devices)")
    Path devices;

    @Option(names = "--json", description = "print one JSON object instead of a table")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Plan plan;
        try {
            plan = RankPlanner.plan(PlannerInputReader.read(devices));
        } catch (PlannerInputException e) {
            spec.commandLine().getErr().println("fed plan: " + e.getMessage());
            return 2;
        }
        if (json) {
            out.println(PlanJson.toJsonString(plan));
        } else {
            printTable(out, plan);
        }
        out.flush();
        return 0;
    }

    private static void printTable(PrintWriter out, Plan plan) {
        out.println("network rank: " + plan.rank() + (plan.rank() == 0 ? "  (some device cannot train even rank 1)" : ""));
        out.printf(Locale.ROOT, "%-16s %5s %12s %12s %12s  %s%n", "device", "rank", "f (GHz)", "latency (s)", "energy (J)", "what stops a higher rank");
        for (Plan.Device d : plan.devices()) {
            DevicePlan p = d.atNetworkRank();
            String f = p == null ? "-" : String.format(Locale.ROOT, "%.4f", p.fHz() / 1e9);
            String t = p == null ? "-" : String.format(Locale.ROOT, "%.4f", p.latencyS());
            String e = p == null ? "-" : String.format(Locale.ROOT, "%.4f", p.energyJ());
            out.printf(Locale.ROOT, "%-16s %5d %12s %12s %12s  %s%n", d.name(), d.ownRank(), f, t, e, d.limit() == null ? "r_max reached" : d.limit());
        }
    }
}
