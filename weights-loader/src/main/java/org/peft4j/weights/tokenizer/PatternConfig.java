package org.peft4j.weights.tokenizer;

import org.peft4j.weights.tokenizer.text.Patterns;
import org.peft4j.weights.tokenizer.text.SplitBehavior;
import org.peft4j.weights.tokenizer.text.SplitPattern;

import java.util.regex.PatternSyntaxException;

/** Reads the pattern and split-behaviour values shared by several components. */
final class PatternConfig {
    private PatternConfig() {
    }

    /** {@code {"String": "..."}} (literal) or {@code {"Regex": "..."}}. */
    static SplitPattern pattern(ConfigNode node) {
        if (node.isObject() && node.has("String")) return Patterns.literal(node.text("String"));
        if (node.isObject() && node.has("Regex")) {
            String regex = node.text("Regex");
            try {
                return Patterns.regex(regex);
            } catch (PatternSyntaxException e) {
                throw node.get("Regex").error("invalid regular expression: " + e.getDescription());
            }
        }
        throw node.error("expected a pattern {\"String\": ...} or {\"Regex\": ...}");
    }

    static SplitBehavior behavior(ConfigNode node, SplitBehavior def) {
        if (node.isNull()) return def;
        String v = node.asText();
        return switch (v) {
            case "Removed" -> SplitBehavior.REMOVED;
            case "Isolated" -> SplitBehavior.ISOLATED;
            case "MergedWithPrevious" -> SplitBehavior.MERGED_WITH_PREVIOUS;
            case "MergedWithNext" -> SplitBehavior.MERGED_WITH_NEXT;
            case "Contiguous" -> SplitBehavior.CONTIGUOUS;
            default -> throw node.error("unknown split behavior \"" + v
                    + "\" (expected Removed, Isolated, MergedWithPrevious, MergedWithNext or Contiguous)");
        };
    }

    /** A single character given as a one-character string. */
    static int singleChar(ConfigNode node) {
        String s = node.asText();
        if (s.isEmpty() || s.codePointCount(0, s.length()) != 1) {
            throw node.error("expected a single character, found \"" + s + "\"");
        }
        return s.codePointAt(0);
    }
}
