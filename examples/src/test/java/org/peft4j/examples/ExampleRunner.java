package org.peft4j.examples;

import java.lang.reflect.InvocationTargetException;

/** Runs an example's main in-process and returns what it printed to stdout. */
final class ExampleRunner {
    private ExampleRunner() {}

    static String run(String example, String... args) throws Exception {
        Class<?> c = Class.forName("org.peft4j.examples." + example);
        return ConsoleCapture.run(false, () -> {
            try {
                c.getMethod("main", String[].class).invoke(null, (Object) args);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof Exception x) throw x;
                throw e;
            }
            return null;
        }).text();
    }

    /** The number after a label in the output ("accuracy 0.812" -> 0.812), for the first line containing the label. */
    static double number(String output, String label) {
        int i = output.indexOf(label);
        if (i < 0) throw new AssertionError("no '" + label + "' in:\n" + output);
        String rest = output.substring(i + label.length()).trim().replace(",", "");
        int end = 0;
        while (end < rest.length() && "0123456789.-+eE".indexOf(rest.charAt(end)) >= 0) end++;
        return Double.parseDouble(rest.substring(0, end));
    }
}
