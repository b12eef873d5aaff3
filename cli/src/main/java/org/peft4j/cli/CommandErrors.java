package org.peft4j.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;

/**
 * Runs a command body and turns the errors users cause (bad files, bad options, bad ids) into one line on stderr
 * and exit code 1, instead of a stack trace. Programming errors still propagate.
 */
public final class CommandErrors {
    private CommandErrors() {}

    public static int run(String command, Callable<Integer> body) {
        try {
            return body.call();
        } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException | UnsupportedOperationException e) {
            System.err.println("peft4j " + command + ": " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            if (e.getClass().getName().startsWith("org.peft4j.")) { // typed peft4j errors (ModelLoadException, ...)
                System.err.println("peft4j " + command + ": " + e.getMessage());
                return 1;
            }
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
