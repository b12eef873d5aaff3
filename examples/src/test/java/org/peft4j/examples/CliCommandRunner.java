package org.peft4j.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.peft4j.cli.Main;
import picocli.CommandLine;

/** Runs {@code ./peft4j ARGS...} in-process and returns stdout and stderr as one terminal would show them. */
final class CliCommandRunner {
    private CliCommandRunner() {}

    /** The combined output; throws when the command exits non-zero. Shares ExampleRunner's lock: both swap System.out. */
    static String run(String... args) {
        synchronized (ExampleRunner.class) {
            PrintStream oldOut = System.out, oldErr = System.err;
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            PrintStream both = new PrintStream(bytes, true, StandardCharsets.UTF_8);
            System.setOut(both);
            System.setErr(both);
            int rc;
            try {
                rc = new CommandLine(new Main()).execute(args);
            } finally {
                System.setOut(oldOut);
                System.setErr(oldErr);
            }
            String text = bytes.toString(StandardCharsets.UTF_8);
            oldOut.print(text); // keep the output in the test log
            if (rc != 0) throw new AssertionError("peft4j " + String.join(" ", args) + " exited with " + rc + ":\n" + text);
            return text;
        }
    }
}
