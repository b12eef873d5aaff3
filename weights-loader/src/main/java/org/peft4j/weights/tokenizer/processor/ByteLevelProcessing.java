package org.peft4j.weights.tokenizer.processor;

import org.peft4j.weights.tokenizer.Encoding;

import java.util.ArrayList;
import java.util.List;

/** GPT-2's post-processor: no special tokens; optionally trims the spaces out of token offsets. */
public record ByteLevelProcessing(boolean trimOffsets, boolean addPrefixSpace) implements PostProcessor {
    @Override
    public int addedTokens(boolean isPair) {
        return 0;
    }

    @Override
    public List<Encoding> processEncodings(List<Encoding> encodings, boolean addSpecialTokens) {
        List<Encoding> out = new ArrayList<>(encodings.size());
        for (int i = 0; i < encodings.size(); i++) {
            Encoding e = encodings.get(i);
            if (trimOffsets) e = OffsetTrimming.trim(e, addPrefixSpace);
            out.add(e.withSequenceId(i));
        }
        return out;
    }
}
