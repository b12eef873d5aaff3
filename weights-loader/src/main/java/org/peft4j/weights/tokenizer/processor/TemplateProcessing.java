package org.peft4j.weights.tokenizer.processor;

import org.peft4j.weights.tokenizer.Encoding;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Templates such as {@code [CLS] $A [SEP]} / {@code [CLS] $A [SEP] $B:1 [SEP]:1}: each piece is a special
 * token (which may stand for several ids) or one of the sequences, each with its type id.
 */
public record TemplateProcessing(List<Piece> single, List<Piece> pair, Map<String, SpecialToken> specialTokens)
        implements PostProcessor {

    /** A template piece: a sequence ({@code sequence} 0 for A, 1 for B) or a special token. */
    public record Piece(String specialTokenId, int sequence, int typeId) {
        public static Piece sequence(int sequence, int typeId) {
            return new Piece(null, sequence, typeId);
        }

        public static Piece special(String id, int typeId) {
            return new Piece(id, -1, typeId);
        }

        public boolean isSequence() {
            return specialTokenId == null;
        }
    }

    /** The ids and token strings a special-token name stands for. */
    public record SpecialToken(String id, int[] ids, String[] tokens) {
    }

    public TemplateProcessing {
        single = List.copyOf(single);
        pair = List.copyOf(pair);
        specialTokens = Map.copyOf(specialTokens);
    }

    @Override
    public int addedTokens(boolean isPair) {
        int n = 0;
        for (Piece p : isPair ? pair : single) {
            if (!p.isSequence()) n += specialTokens.get(p.specialTokenId()).ids().length;
        }
        return n;
    }

    @Override
    public List<Encoding> processEncodings(List<Encoding> encodings, boolean addSpecialTokens) {
        List<Piece> template = encodings.size() == 2 ? pair : single;
        List<Encoding> out = new ArrayList<>(template.size());
        for (Piece p : template) {
            if (p.isSequence()) {
                Encoding e = encodings.get(p.sequence());
                out.add(e.withTypeIds(p.typeId()).withSequenceId(p.sequence()));
            } else if (addSpecialTokens) {
                SpecialToken t = specialTokens.get(p.specialTokenId());
                out.add(Encoding.ofSpecialTokens(t.ids(), t.tokens(), p.typeId()));
            }
        }
        return out;
    }
}
