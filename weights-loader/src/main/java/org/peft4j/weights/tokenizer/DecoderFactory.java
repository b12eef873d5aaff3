package org.peft4j.weights.tokenizer;

import org.peft4j.weights.tokenizer.decoder.Decoder;
import org.peft4j.weights.tokenizer.decoder.Decoders;
import org.peft4j.weights.tokenizer.pretokenizer.MetaspacePreTokenizer;

import java.util.ArrayList;
import java.util.List;

/** Builds a {@link Decoder} from its tokenizer.json description. */
final class DecoderFactory {
    static final String KNOWN = "ByteLevel, WordPiece, Metaspace, BPEDecoder, ByteFallback, Fuse, Strip, Replace, "
            + "CTC, Sequence";

    private DecoderFactory() {
    }

    /** Null for a missing or null node. */
    static Decoder create(ConfigNode node) {
        if (node.isNull()) return null;
        String type = node.type();
        return switch (type) {
            case "ByteLevel" -> new Decoders.ByteLevel();
            case "WordPiece" -> new Decoders.WordPiece(node.text("prefix", "##"), node.bool("cleanup", true));
            case "Metaspace" -> new Decoders.Metaspace(PreTokenizerFactory.replacement(node),
                    PreTokenizerFactory.prependScheme(node) != MetaspacePreTokenizer.PrependScheme.NEVER);
            case "BPEDecoder" -> new Decoders.BpeDecoder(node.text("suffix", "</w>"));
            case "ByteFallback" -> new Decoders.ByteFallback();
            case "Fuse" -> new Decoders.Fuse();
            case "Strip" -> new Decoders.Strip(PatternConfig.singleChar(node.get("content")), node.integer("start", 0),
                    node.integer("stop", 0));
            case "Replace" -> new Decoders.Replace(PatternConfig.pattern(node.get("pattern")), node.text("content"));
            case "CTC" -> new Decoders.Ctc(node.text("pad_token", "<pad>"), node.text("word_delimiter_token", "|"),
                    node.bool("cleanup", true));
            case "Sequence" -> {
                List<Decoder> parts = new ArrayList<>();
                for (ConfigNode c : node.array("decoders")) {
                    if (c.isNull()) throw c.error("expected a decoder, found null");
                    parts.add(create(c));
                }
                yield new Decoders.Sequence(parts);
            }
            default -> throw node.unknownType("decoder", type, KNOWN);
        };
    }
}
