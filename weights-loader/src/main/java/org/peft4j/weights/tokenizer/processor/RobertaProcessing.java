package org.peft4j.weights.tokenizer.processor;

import org.peft4j.weights.tokenizer.Encoding;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code <s> A </s>} and {@code <s> A </s> </s> B </s>}, every type id 0, offsets optionally trimmed of
 * spaces (byte-level tokens).
 */
public record RobertaProcessing(String sepToken, int sepId, String clsToken, int clsId, boolean trimOffsets,
                                boolean addPrefixSpace) implements PostProcessor {
    @Override
    public int addedTokens(boolean isPair) {
        return isPair ? 4 : 2;
    }

    @Override
    public List<Encoding> processEncodings(List<Encoding> encodings, boolean addSpecialTokens) {
        List<Encoding> in = new ArrayList<>(encodings.size());
        for (Encoding e : encodings) {
            if (trimOffsets) e = OffsetTrimming.trim(e, addPrefixSpace);
            in.add(e.withTypeIds(0));
        }
        if (!addSpecialTokens) return in;
        Encoding cls = Encoding.ofSpecialTokens(new int[]{clsId}, new String[]{clsToken}, 0);
        Encoding sep = Encoding.ofSpecialTokens(new int[]{sepId}, new String[]{sepToken}, 0);
        Encoding first = Wrapping.wrap(in.get(0), cls, sep, 0, 0);
        if (in.size() == 1) return List.of(first);
        return List.of(first, Wrapping.wrap(in.get(1), sep, sep, 1, 0));
    }
}
