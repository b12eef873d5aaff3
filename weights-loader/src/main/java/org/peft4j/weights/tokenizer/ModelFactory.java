package org.peft4j.weights.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import org.peft4j.weights.tokenizer.model.Bpe;
import org.peft4j.weights.tokenizer.model.Model;
import org.peft4j.weights.tokenizer.model.Vocab;
import org.peft4j.weights.tokenizer.model.WordLevel;
import org.peft4j.weights.tokenizer.model.WordPiece;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Builds a {@link Model} from its tokenizer.json description. */
final class ModelFactory {
    static final String KNOWN = "BPE, WordPiece, WordLevel";

    private ModelFactory() {
    }

    static Model create(ConfigNode node) {
        if (node.isNull()) throw node.error("the tokenizer has no model");
        if (!node.isObject()) throw node.error("expected the model object");
        String type = node.has("type") ? node.text("type") : inferType(node);
        return switch (type) {
            case "BPE" -> bpe(node);
            case "WordPiece" -> new WordPiece(vocab(node.get("vocab")), node.text("unk_token", "[UNK]"),
                    node.text("continuing_subword_prefix", "##"), node.integer("max_input_chars_per_word", 100));
            case "WordLevel" -> new WordLevel(vocab(node.get("vocab")), node.text("unk_token", "<unk>"));
            case "Unigram" -> throw node.get("type").error("model type \"Unigram\" is not supported; supported: " + KNOWN);
            default -> throw node.unknownType("model", type, KNOWN);
        };
    }

    /** Older files have no "type" in the model: tell the kind by its fields, as the Rust library does. */
    private static String inferType(ConfigNode node) {
        if (node.has("merges")) return "BPE";
        if (node.get("vocab").isArray()) return "Unigram";
        if (node.has("continuing_subword_prefix") || node.has("max_input_chars_per_word")) return "WordPiece";
        if (node.has("vocab")) return "WordLevel";
        throw node.error("model has no \"type\" and no \"vocab\"; cannot tell which model it is");
    }

    private static Model bpe(ConfigNode node) {
        Vocab vocab = vocab(node.get("vocab"));
        ConfigNode mergesNode = node.get("merges");
        List<String[]> merges = new ArrayList<>();
        if (!mergesNode.isNull()) {
            JsonNode arr = mergesNode.json();
            if (!arr.isArray()) throw mergesNode.error("expected an array of merges");
            for (int i = 0; i < arr.size(); i++) merges.add(merge(arr.get(i), mergesNode.path() + "[" + i + "]"));
        }
        ConfigNode dropout = node.get("dropout");
        if (!dropout.isNull() && !dropout.json().isNumber()) throw dropout.error("expected a number or null");
        try {
            return new Bpe(vocab, merges, node.text("unk_token", null), node.text("continuing_subword_prefix", null),
                    node.text("end_of_word_suffix", null), node.bool("fuse_unk", false), node.bool("byte_fallback", false),
                    node.bool("ignore_merges", false));
        } catch (IllegalArgumentException e) {
            throw new TokenizerFormatException(mergesNode.path(), e.getMessage(), e);
        }
    }

    /** A merge as "left right" (tokenizers < 0.20) or ["left", "right"] (0.20 and later). */
    private static String[] merge(JsonNode m, String path) {
        if (m.isTextual()) {
            String s = m.textValue();
            int sp = s.indexOf(' ');
            if (sp < 0 || s.indexOf(' ', sp + 1) >= 0) {
                throw new TokenizerFormatException(path, "expected a merge \"left right\" with one space, found \"" + s + "\"");
            }
            return new String[]{s.substring(0, sp), s.substring(sp + 1)};
        }
        if (m.isArray() && m.size() == 2 && m.get(0).isTextual() && m.get(1).isTextual()) {
            return new String[]{m.get(0).textValue(), m.get(1).textValue()};
        }
        throw new TokenizerFormatException(path, "expected a merge \"left right\" or [\"left\", \"right\"], found "
                + ConfigNode.describe(m));
    }

    private static Vocab vocab(ConfigNode node) {
        if (node.isNull()) throw node.error("required vocabulary is missing");
        JsonNode v = node.json();
        if (!v.isObject()) throw node.error("expected an object mapping tokens to ids, found " + ConfigNode.describe(v));
        Map<String, Integer> map = new HashMap<>(v.size() * 2);
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode id = e.getValue();
            if (!id.isIntegralNumber() || !id.canConvertToInt() || id.intValue() < 0) {
                throw new TokenizerFormatException(node.path() + "[\"" + e.getKey() + "\"]",
                        "expected a non-negative integer id, found " + ConfigNode.describe(id));
            }
            map.put(e.getKey(), id.intValue());
        }
        return new Vocab(map);
    }
}
