package org.peft4j.weights.tokenizer;

import org.peft4j.weights.tokenizer.normalizer.BertNormalizer;
import org.peft4j.weights.tokenizer.normalizer.Normalizer;
import org.peft4j.weights.tokenizer.normalizer.SimpleNormalizers;

import java.util.ArrayList;
import java.util.List;

/** Builds a {@link Normalizer} from its tokenizer.json description. */
final class NormalizerFactory {
    static final String KNOWN = "BertNormalizer, NFC, NFD, NFKC, NFKD, Lowercase, StripAccents, Prepend, Replace, "
            + "Strip, Nmt, ByteLevel, Sequence";

    private NormalizerFactory() {
    }

    /** Null for a missing or null node. */
    static Normalizer create(ConfigNode node) {
        if (node.isNull()) return null;
        String type = node.type();
        return switch (type) {
            case "BertNormalizer" -> new BertNormalizer(node.bool("clean_text", true),
                    node.bool("handle_chinese_chars", true), node.optionalBool("strip_accents"),
                    node.bool("lowercase", true));
            case "NFC" -> new SimpleNormalizers.Unicode(java.text.Normalizer.Form.NFC);
            case "NFD" -> new SimpleNormalizers.Unicode(java.text.Normalizer.Form.NFD);
            case "NFKC" -> new SimpleNormalizers.Unicode(java.text.Normalizer.Form.NFKC);
            case "NFKD" -> new SimpleNormalizers.Unicode(java.text.Normalizer.Form.NFKD);
            case "Lowercase" -> new SimpleNormalizers.Lowercase();
            case "StripAccents" -> new SimpleNormalizers.StripAccents();
            case "Prepend" -> new SimpleNormalizers.Prepend(node.text("prepend"));
            case "Replace" -> new SimpleNormalizers.Replace(PatternConfig.pattern(node.get("pattern")),
                    node.text("content"));
            case "Strip" -> new SimpleNormalizers.Strip(node.bool("strip_left", true), node.bool("strip_right", true));
            case "Nmt" -> new SimpleNormalizers.Nmt();
            case "ByteLevel" -> new SimpleNormalizers.ByteLevel();
            case "Sequence" -> {
                List<Normalizer> parts = new ArrayList<>();
                for (ConfigNode c : node.array("normalizers")) {
                    if (c.isNull()) throw c.error("expected a normalizer, found null");
                    parts.add(create(c));
                }
                yield new SimpleNormalizers.Sequence(parts);
            }
            case "Precompiled" -> throw node.get("type").error("normalizer type \"Precompiled\" (a SentencePiece "
                    + "character map) is not supported; supported: " + KNOWN);
            default -> throw node.unknownType("normalizer", type, KNOWN);
        };
    }
}
