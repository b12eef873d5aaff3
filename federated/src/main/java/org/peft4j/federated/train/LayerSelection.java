package org.peft4j.federated.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which transformer layers carry adapters: all of them, the first / middle / last k, or an explicit list.
 * Adapters on the last k layers only is the split-learning setting: a client then trains, and sends, only
 * the top of the network (plus the head), and the layers below run without a gradient tape.
 */
public record LayerSelection(Kind kind, int count, List<Integer> explicit) {
    public enum Kind { ALL, FIRST, MIDDLE, LAST, LIST }

    public static final LayerSelection ALL = new LayerSelection(Kind.ALL, 0, null);

    public LayerSelection {
        if ((kind == Kind.FIRST || kind == Kind.MIDDLE || kind == Kind.LAST) && count < 1)
            throw new IllegalArgumentException(kind.name().toLowerCase(Locale.ROOT) + " layers: the count must be >= 1, got " + count);
        if (kind == Kind.LIST && (explicit == null || explicit.isEmpty()))
            throw new IllegalArgumentException("a layer list must name at least one layer");
        explicit = explicit == null ? null : List.copyOf(explicit);
    }

    public static LayerSelection last(int k) { return new LayerSelection(Kind.LAST, k, null); }
    public static LayerSelection first(int k) { return new LayerSelection(Kind.FIRST, k, null); }
    public static LayerSelection middle(int k) { return new LayerSelection(Kind.MIDDLE, k, null); }

    /** "all", "last:3", "first:3", "middle:3" or a comma list "0,2,5" (negative = from the end). */
    public static LayerSelection parse(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        if (t.equals("all")) return ALL;
        int colon = t.indexOf(':');
        try {
            if (colon > 0) {
                int k = Integer.parseInt(t.substring(colon + 1));
                return switch (t.substring(0, colon)) {
                    case "last" -> last(k);
                    case "first" -> first(k);
                    case "middle" -> middle(k);
                    default -> throw new IllegalArgumentException("unknown layer selection '" + s + "': expected all, last:K, first:K, middle:K or a list like 0,2,5");
                };
            }
            List<Integer> list = new ArrayList<>();
            for (String part : t.split(",")) list.add(Integer.parseInt(part.trim()));
            return new LayerSelection(Kind.LIST, 0, list);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("unknown layer selection '" + s + "': expected all, last:K, first:K, middle:K or a list like 0,2,5");
        }
    }

    /** The layer indices for a model with numLayers layers, or null for all. */
    public List<Integer> resolve(int numLayers) {
        if (kind == Kind.ALL) return null;
        if (kind == Kind.LIST) return explicit;
        if (count > numLayers) throw new IllegalArgumentException(this + ": the model has only " + numLayers + " layers");
        int start = switch (kind) {
            case FIRST -> 0;
            case LAST -> numLayers - count;
            default -> (numLayers - count) / 2;
        };
        List<Integer> out = new ArrayList<>();
        for (int i = start; i < start + count; i++) out.add(i);
        return out;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case ALL -> "all";
            case LIST -> explicit.toString().replace(" ", "").replace("[", "").replace("]", "");
            default -> kind.name().toLowerCase(Locale.ROOT) + ":" + count;
        };
    }
}
