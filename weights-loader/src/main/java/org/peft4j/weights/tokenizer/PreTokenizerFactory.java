package org.peft4j.weights.tokenizer;

import org.peft4j.weights.tokenizer.pretokenizer.ByteLevelPreTokenizer;
import org.peft4j.weights.tokenizer.pretokenizer.MetaspacePreTokenizer;
import org.peft4j.weights.tokenizer.pretokenizer.PreTokenizer;
import org.peft4j.weights.tokenizer.pretokenizer.SplitPreTokenizers;
import org.peft4j.weights.tokenizer.text.SplitBehavior;

import java.util.ArrayList;
import java.util.List;

/** Builds a {@link PreTokenizer} from its tokenizer.json description. */
final class PreTokenizerFactory {
    static final String KNOWN = "BertPreTokenizer, ByteLevel, Metaspace, Whitespace, WhitespaceSplit, Split, "
            + "Punctuation, Digits, CharDelimiterSplit, Sequence";

    private PreTokenizerFactory() {
    }

    /** Null for a missing or null node. */
    static PreTokenizer create(ConfigNode node) {
        if (node.isNull()) return null;
        String type = node.type();
        return switch (type) {
            case "BertPreTokenizer" -> new SplitPreTokenizers.Bert();
            case "ByteLevel" -> new ByteLevelPreTokenizer(node.bool("add_prefix_space", true), node.bool("use_regex", true));
            case "Metaspace" -> new MetaspacePreTokenizer(replacement(node), prependScheme(node), node.bool("split", true));
            case "Whitespace" -> new SplitPreTokenizers.Whitespace();
            case "WhitespaceSplit" -> new SplitPreTokenizers.WhitespaceSplit();
            case "Split" -> new SplitPreTokenizers.Split(PatternConfig.pattern(node.get("pattern")),
                    PatternConfig.behavior(node.get("behavior"), SplitBehavior.REMOVED), node.bool("invert", false));
            case "Punctuation" -> new SplitPreTokenizers.Punctuation(
                    PatternConfig.behavior(node.get("behavior"), SplitBehavior.ISOLATED));
            case "Digits" -> new SplitPreTokenizers.Digits(node.bool("individual_digits", false));
            case "CharDelimiterSplit" -> new SplitPreTokenizers.CharDelimiter(PatternConfig.singleChar(node.get("delimiter")));
            case "Sequence" -> {
                List<PreTokenizer> parts = new ArrayList<>();
                for (ConfigNode c : node.array("pretokenizers")) {
                    if (c.isNull()) throw c.error("expected a pre-tokenizer, found null");
                    parts.add(create(c));
                }
                yield new SplitPreTokenizers.Sequence(parts);
            }
            default -> throw node.unknownType("pre-tokenizer", type, KNOWN);
        };
    }

    /** Metaspace's replacement character (older files: {@code str_rep}). */
    static int replacement(ConfigNode node) {
        ConfigNode r = node.get("replacement");
        if (r.isNull()) return '\u2581';
        return PatternConfig.singleChar(r);
    }

    /** Metaspace's prepend scheme; older files say {@code add_prefix_space} (true = always). */
    static MetaspacePreTokenizer.PrependScheme prependScheme(ConfigNode node) {
        ConfigNode p = node.get("prepend_scheme");
        if (p.isNull()) {
            return node.bool("add_prefix_space", true) ? MetaspacePreTokenizer.PrependScheme.ALWAYS
                    : MetaspacePreTokenizer.PrependScheme.NEVER;
        }
        return switch (p.asText()) {
            case "always" -> MetaspacePreTokenizer.PrependScheme.ALWAYS;
            case "never" -> MetaspacePreTokenizer.PrependScheme.NEVER;
            case "first" -> MetaspacePreTokenizer.PrependScheme.FIRST;
            default -> throw p.error("unknown prepend_scheme \"" + p.asText() + "\" (expected always, never or first)");
        };
    }
}
