package org.peft4j.weights.tokenizer.processor;

import org.peft4j.weights.tokenizer.Encoding;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns the encoding of one text (or of a pair) into the model input: adds special tokens, sets type ids,
 * adjusts offsets.
 */
public interface PostProcessor {
    /** How many special tokens {@link #process} adds to a single text or to a pair. */
    int addedTokens(boolean isPair);

    /** Processes one or two encodings into the parts that are then concatenated. */
    List<Encoding> processEncodings(List<Encoding> encodings, boolean addSpecialTokens);

    /** Marks each input with its sequence id, processes, and concatenates (Rust's {@code PostProcessor::process}). */
    default Encoding process(Encoding first, Encoding pair, boolean addSpecialTokens) {
        List<Encoding> in = new ArrayList<>(2);
        in.add(first.withSequenceId(0));
        if (pair != null) in.add(pair.withSequenceId(1));
        return Encoding.merge(processEncodings(in, addSpecialTokens), false);
    }
}
