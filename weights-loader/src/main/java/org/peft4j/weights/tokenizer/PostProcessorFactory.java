package org.peft4j.weights.tokenizer;

import org.peft4j.weights.tokenizer.processor.BertProcessing;
import org.peft4j.weights.tokenizer.processor.ByteLevelProcessing;
import org.peft4j.weights.tokenizer.processor.PostProcessor;
import org.peft4j.weights.tokenizer.processor.RobertaProcessing;
import org.peft4j.weights.tokenizer.processor.SequenceProcessing;
import org.peft4j.weights.tokenizer.processor.TemplateProcessing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds a {@link PostProcessor} from its tokenizer.json description. */
final class PostProcessorFactory {
    static final String KNOWN = "BertProcessing, RobertaProcessing, ByteLevel, TemplateProcessing, Sequence";

    private PostProcessorFactory() {
    }

    /** Null for a missing or null node. */
    static PostProcessor create(ConfigNode node) {
        if (node.isNull()) return null;
        String type = node.type();
        return switch (type) {
            case "BertProcessing" -> {
                ConfigNode sep = node.get("sep"), cls = node.get("cls");
                yield new BertProcessing(tokenName(sep), tokenId(sep), tokenName(cls), tokenId(cls));
            }
            case "RobertaProcessing" -> {
                ConfigNode sep = node.get("sep"), cls = node.get("cls");
                yield new RobertaProcessing(tokenName(sep), tokenId(sep), tokenName(cls), tokenId(cls),
                        node.bool("trim_offsets", true), node.bool("add_prefix_space", true));
            }
            case "ByteLevel" -> new ByteLevelProcessing(node.bool("trim_offsets", true), node.bool("add_prefix_space", true));
            case "TemplateProcessing" -> template(node);
            case "Sequence" -> {
                List<PostProcessor> parts = new ArrayList<>();
                for (ConfigNode c : node.array("processors")) {
                    if (c.isNull()) throw c.error("expected a post-processor, found null");
                    parts.add(create(c));
                }
                yield new SequenceProcessing(parts);
            }
            default -> throw node.unknownType("post-processor", type, KNOWN);
        };
    }

    /** ["[SEP]", 102] */
    private static String tokenName(ConfigNode pair) {
        List<ConfigNode> e = pair.elements();
        if (e.size() != 2) throw pair.error("expected [token, id]");
        return e.get(0).asText();
    }

    private static int tokenId(ConfigNode pair) {
        return pair.elements().get(1).asInt();
    }

    private static TemplateProcessing template(ConfigNode node) {
        Map<String, TemplateProcessing.SpecialToken> specials = new LinkedHashMap<>();
        ConfigNode st = node.get("special_tokens");
        if (!st.isNull()) {
            for (String name : st.fieldNames()) {
                ConfigNode t = st.get(name);
                List<ConfigNode> ids = t.array("ids");
                List<ConfigNode> tokens = t.array("tokens");
                if (ids.size() != tokens.size()) {
                    throw t.error("special token \"" + name + "\" has " + ids.size() + " ids but " + tokens.size() + " tokens");
                }
                int[] idArr = new int[ids.size()];
                String[] tokArr = new String[tokens.size()];
                for (int i = 0; i < idArr.length; i++) {
                    idArr[i] = ids.get(i).asInt();
                    tokArr[i] = tokens.get(i).asText();
                }
                specials.put(t.text("id", name), new TemplateProcessing.SpecialToken(t.text("id", name), idArr, tokArr));
            }
        }
        List<TemplateProcessing.Piece> single = pieces(node.get("single"), specials, false);
        List<TemplateProcessing.Piece> pair = pieces(node.get("pair"), specials, true);
        return new TemplateProcessing(single, pair, specials);
    }

    private static List<TemplateProcessing.Piece> pieces(ConfigNode node, Map<String, TemplateProcessing.SpecialToken> specials,
                                                         boolean isPair) {
        if (node.isNull()) throw node.error("required template is missing");
        List<TemplateProcessing.Piece> out = new ArrayList<>();
        if (node.isText()) {
            for (String part : node.asText().trim().split(" +")) out.add(parsePiece(part, node));
        } else {
            for (ConfigNode p : node.elements()) {
                if (p.has("SpecialToken")) {
                    ConfigNode s = p.get("SpecialToken");
                    out.add(TemplateProcessing.Piece.special(s.text("id"), s.integer("type_id", 0)));
                } else if (p.has("Sequence")) {
                    ConfigNode s = p.get("Sequence");
                    String id = s.text("id");
                    if (!id.equals("A") && !id.equals("B")) throw s.get("id").error("expected sequence id A or B, found " + id);
                    out.add(TemplateProcessing.Piece.sequence(id.equals("A") ? 0 : 1, s.integer("type_id", 0)));
                } else {
                    throw p.error("expected {\"SpecialToken\": ...} or {\"Sequence\": ...}");
                }
            }
        }
        boolean hasA = false, hasB = false;
        for (TemplateProcessing.Piece p : out) {
            if (p.isSequence()) {
                hasA |= p.sequence() == 0;
                hasB |= p.sequence() == 1;
            } else if (!specials.containsKey(p.specialTokenId())) {
                throw node.error("template uses special token \"" + p.specialTokenId() + "\" missing from special_tokens");
            }
        }
        if (isPair ? !(hasA && hasB) : (!hasA || hasB)) {
            throw node.error(isPair ? "a pair template needs both $A and $B" : "a single template needs $A and no $B");
        }
        return out;
    }

    /** "$A", "$B:1", "[SEP]:1", "$", "$1" as the Rust library reads them. */
    private static TemplateProcessing.Piece parsePiece(String s, ConfigNode where) {
        String[] parts = s.split(":", -1);
        if (parts.length > 2) throw where.error("cannot read template piece \"" + s + "\"");
        int typeId = 0;
        if (parts.length == 2) {
            try {
                typeId = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw where.error("cannot read the type id of template piece \"" + s + "\"");
            }
        }
        String id = parts[0];
        if (!id.startsWith("$")) return TemplateProcessing.Piece.special(id, typeId);
        String rest = id.substring(1);
        switch (rest) {
            case "", "A", "a" -> {
                return TemplateProcessing.Piece.sequence(0, typeId);
            }
            case "B", "b" -> {
                return TemplateProcessing.Piece.sequence(1, typeId);
            }
            default -> {
                try {
                    int t = Integer.parseInt(rest);
                    return TemplateProcessing.Piece.sequence(0, parts.length == 2 ? typeId : t);
                } catch (NumberFormatException e) {
                    throw where.error("cannot read template piece \"" + s + "\"");
                }
            }
        }
    }
}
