package org.peft4j.cli.finetune;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;

/**
 * Runs a command body and turns the errors users cause (bad files, bad options, bad data rows) into one line on
 * the error stream and exit code 1, instead of a stack trace. Programming errors still propagate.
 */
public final class CommandFailures {
    private CommandFailures() {}

    public static int run(String command, PrintStream err, Callable<Integer> body) {
        try {
            return body.call();
        } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            err.println("peft4j " + command + ": " + message(e));
            return 1;
        } catch (RuntimeException e) {
            if (e.getClass().getName().startsWith("org.peft4j.")) { // typed peft4j errors (ModelLoadException, ...)
                err.println("peft4j " + command + ": " + message(e));
                return 1;
            }
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String message(Throwable e) {
        if (e instanceof java.nio.file.NoSuchFileException n)
            return "no such file: " + n.getFile() + (n.getReason() == null ? "" : " (" + n.getReason() + ")");
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
