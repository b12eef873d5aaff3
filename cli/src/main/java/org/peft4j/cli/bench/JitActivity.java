package org.peft4j.cli.bench;

import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Whether HotSpot's JIT is still compiling, read from the compiler queue (the `jcmd Compiler.queue` diagnostic
 * command). Compilation-time counters cannot tell: they only move when a compilation finishes, and compiling a
 * large Vector API kernel can take seconds on a busy machine.
 */
final class JitActivity {
    private JitActivity() {}

    /** True when no compilation is running or queued; also true where the diagnostic command is unavailable. */
    static boolean idle() {
        String queue = queue();
        if (queue == null) return true;
        for (String line : queue.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.equals("Empty") || l.endsWith(":")) continue; // headers and empty queues
            return false; // a compile task (running or queued)
        }
        return true;
    }

    private static String queue() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            Object r = server.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerQueue",
                    new Object[]{null}, new String[]{String[].class.getName()});
            return r == null ? null : r.toString();
        } catch (Exception | LinkageError e) {
            return null; // not HotSpot, or management disabled: fall back to the run-time criterion alone
        }
    }
}
