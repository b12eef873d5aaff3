package org.peft4j.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Runs code in-process with System.out (and, if asked, System.err) sent to a buffer, then echoes the text to the
 * real stdout so it stays in the test log. One lock for every caller: they all swap the same global streams.
 */
final class ConsoleCapture {
    private ConsoleCapture() {}

    /** Code whose console output is captured; its result (an exit code, or anything) comes back beside the text. */
    interface Body<T> { T run() throws Exception; }

    record Captured<T>(T result, String text) {}

    static synchronized <T> Captured<T> run(boolean withStderr, Body<T> body) throws Exception {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream sink = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        System.setOut(sink);
        if (withStderr) System.setErr(sink);
        T result;
        try {
            result = body.run();
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        oldOut.print(text);
        return new Captured<>(result, text);
    }
}
