package org.peft4j.weights.tokenizer.processor;

import org.peft4j.weights.tokenizer.Encoding;

import java.util.List;

/** Applies post-processors one after the other. */
public record SequenceProcessing(List<PostProcessor> processors) implements PostProcessor {
    public SequenceProcessing {
        processors = List.copyOf(processors);
    }

    @Override
    public int addedTokens(boolean isPair) {
        int n = 0;
        for (PostProcessor p : processors) n += p.addedTokens(isPair);
        return n;
    }

    @Override
    public List<Encoding> processEncodings(List<Encoding> encodings, boolean addSpecialTokens) {
        for (PostProcessor p : processors) encodings = p.processEncodings(encodings, addSpecialTokens);
        return encodings;
    }
}
