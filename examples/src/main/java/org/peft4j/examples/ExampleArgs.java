package org.peft4j.examples;

import java.util.HashMap;
import java.util.Map;

/** The examples' option parsing: {@code --name value} pairs, each with a default. Unknown names are refused. */
final class ExampleArgs {
    private final Map<String, String> values = new HashMap<>();

    ExampleArgs(String[] args, String... known) {
        java.util.Set<String> names = java.util.Set.of(known);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!names.contains(a))
                throw new IllegalArgumentException("unknown option '" + a + "'; this example takes " + String.join(", ", known));
            if (i + 1 >= args.length) throw new IllegalArgumentException("option " + a + " needs a value");
            values.put(a, args[++i]);
        }
    }

    int integer(String name, int fallback) {
        String v = values.get(name);
        if (v == null) return fallback;
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " expects an integer, found '" + v + "'");
        }
    }

    double real(String name, double fallback) {
        String v = values.get(name);
        if (v == null) return fallback;
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " expects a number, found '" + v + "'");
        }
    }

    String text(String name, String fallback) { return values.getOrDefault(name, fallback); }
}
