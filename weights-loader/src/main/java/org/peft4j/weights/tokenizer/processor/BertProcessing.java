package org.peft4j.weights.tokenizer.processor;

import org.peft4j.weights.tokenizer.Encoding;

import java.util.List;

/** {@code [CLS] A [SEP]} and {@code [CLS] A [SEP] B [SEP]}, with type id 1 for {@code B [SEP]}. */
public record BertProcessing(String sepToken, int sepId, String clsToken, int clsId) implements PostProcessor {
    @Override
    public int addedTokens(boolean isPair) {
        return isPair ? 3 : 2;
    }

    @Override
    public List<Encoding> processEncodings(List<Encoding> encodings, boolean addSpecialTokens) {
        if (!addSpecialTokens) return encodings;
        Encoding cls = Encoding.ofSpecialTokens(new int[]{clsId}, new String[]{clsToken}, 0);
        Encoding sep0 = Encoding.ofSpecialTokens(new int[]{sepId}, new String[]{sepToken}, 0);
        Encoding first = Wrapping.wrap(encodings.get(0), cls, sep0, 0, -1);
        if (encodings.size() == 1) return List.of(first);
        Encoding sep1 = Encoding.ofSpecialTokens(new int[]{sepId}, new String[]{sepToken}, 1);
        Encoding second = Wrapping.wrap(encodings.get(1), Encoding.empty(), sep1, 1, -1);
        return List.of(first, second);
    }
}
