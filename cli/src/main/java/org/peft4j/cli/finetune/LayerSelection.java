package org.peft4j.cli.finetune;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code --layers}: {@code all}, {@code last:N} (the last N layers), or a comma list of indices where
 * negative ones count from the end (-1 = the last layer). Returns null for all layers.
 */
public final class LayerSelection {
    private LayerSelection() {}

    public static List<Integer> parse(String spec, int numLayers) {
        if (spec == null || spec.isBlank() || spec.strip().equalsIgnoreCase("all")) return null;
        String s = spec.strip();
        List<Integer> out = new ArrayList<>();
        if (s.startsWith("last:")) {
            int n = integer(s.substring(5), spec);
            if (n < 1 || n > numLayers)
                throw new IllegalArgumentException("--layers " + spec + ": the model has " + numLayers + " layers, so N must be 1.." + numLayers);
            for (int i = numLayers - n; i < numLayers; i++) out.add(i);
            return out;
        }
        for (String part : s.split(",")) {
            int i = integer(part, spec);
            int r = i < 0 ? numLayers + i : i;
            if (r < 0 || r >= numLayers)
                throw new IllegalArgumentException("--layers " + spec + ": layer " + i + " does not exist; the model has layers 0.."
                        + (numLayers - 1) + " (or -1..-" + numLayers + " from the end)");
            if (!out.contains(r)) out.add(r);
        }
        return out;
    }

    private static int integer(String s, String spec) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--layers " + spec + ": expected 'all', 'last:N' or a comma list of layer indices, found '" + s.strip() + "'");
        }
    }
}
