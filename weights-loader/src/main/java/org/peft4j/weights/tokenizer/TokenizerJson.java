package org.peft4j.weights.tokenizer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.peft4j.weights.tokenizer.model.Model;
import org.peft4j.weights.tokenizer.normalizer.Normalizer;

import java.util.ArrayList;
import java.util.List;

/** Reads the top level of a tokenizer.json into a {@link Tokenizer}. */
final class TokenizerJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TokenizerJson() {
    }

    static Tokenizer parse(String json) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new TokenizerFormatException("$", "not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")" : ""), e);
        }
        if (tree == null || !tree.isObject()) throw new TokenizerFormatException("$", "expected a JSON object");
        ConfigNode root = ConfigNode.root(tree);
        Normalizer normalizer = NormalizerFactory.create(root.get("normalizer"));
        Model model = ModelFactory.create(root.get("model"));
        List<AddedToken> added = addedTokens(root.get("added_tokens"));
        return new Tokenizer(normalizer, PreTokenizerFactory.create(root.get("pre_tokenizer")), model,
                PostProcessorFactory.create(root.get("post_processor")), DecoderFactory.create(root.get("decoder")),
                new AddedVocabulary(added, normalizer), truncation(root.get("truncation")), padding(root.get("padding")));
    }

    private static List<AddedToken> addedTokens(ConfigNode node) {
        List<AddedToken> out = new ArrayList<>();
        if (node.isNull()) return out;
        for (ConfigNode t : node.elements()) {
            String content = t.text("content");
            if (content.isEmpty()) throw t.get("content").error("added token content must not be empty");
            boolean special = t.bool("special", false);
            out.add(new AddedToken(t.integer("id"), content, t.bool("single_word", false), t.bool("lstrip", false),
                    t.bool("rstrip", false), t.bool("normalized", !special), special));
        }
        return out;
    }

    private static TruncationParams truncation(ConfigNode node) {
        if (node.isNull()) return null;
        TruncationParams.Strategy strategy = switch (node.text("strategy", "LongestFirst")) {
            case "LongestFirst" -> TruncationParams.Strategy.LONGEST_FIRST;
            case "OnlyFirst" -> TruncationParams.Strategy.ONLY_FIRST;
            case "OnlySecond" -> TruncationParams.Strategy.ONLY_SECOND;
            default -> throw node.get("strategy").error("unknown truncation strategy \"" + node.text("strategy")
                    + "\" (expected LongestFirst, OnlyFirst or OnlySecond)");
        };
        TruncationParams.Direction direction = switch (node.text("direction", "Right")) {
            case "Right" -> TruncationParams.Direction.RIGHT;
            case "Left" -> TruncationParams.Direction.LEFT;
            default -> throw node.get("direction").error("expected Right or Left");
        };
        return new TruncationParams(node.integer("max_length"), strategy, node.integer("stride", 0), direction);
    }

    private static PaddingParams padding(ConfigNode node) {
        if (node.isNull()) return null;
        ConfigNode s = node.get("strategy");
        int fixed;
        if (s.isNull() || (s.isText() && s.asText().equals("BatchLongest"))) {
            fixed = 0;
        } else if (s.isObject() && s.has("Fixed")) {
            fixed = s.integer("Fixed");
            if (fixed <= 0) throw s.get("Fixed").error("fixed padding length must be positive");
        } else {
            throw s.error("expected \"BatchLongest\" or {\"Fixed\": length}");
        }
        PaddingParams.Direction direction = switch (node.text("direction", "Right")) {
            case "Right" -> PaddingParams.Direction.RIGHT;
            case "Left" -> PaddingParams.Direction.LEFT;
            default -> throw node.get("direction").error("expected Right or Left");
        };
        return new PaddingParams(fixed, direction, node.integer("pad_to_multiple_of", 0), node.integer("pad_id", 0),
                node.integer("pad_type_id", 0), node.text("pad_token", "[PAD]"));
    }
}
