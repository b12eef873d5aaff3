package org.peft4j.examples;

import org.peft4j.cli.Main;
import picocli.CommandLine;

/** Runs {@code ./peft4j ARGS...} in-process and returns stdout and stderr as one terminal would show them. */
final class CliCommandRunner {
    private CliCommandRunner() {}

    /** The combined output; throws when the command exits non-zero. */
    static String run(String... args) {
        ConsoleCapture.Captured<Integer> c;
        try {
            c = ConsoleCapture.run(true, () -> new CommandLine(new Main()).execute(args));
        } catch (Exception e) {
            throw new AssertionError("peft4j " + String.join(" ", args) + " threw", e);
        }
        if (c.result() != 0) throw new AssertionError("peft4j " + String.join(" ", args) + " exited with " + c.result() + ":\n" + c.text());
        return c.text();
    }
}
