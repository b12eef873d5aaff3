package org.peft4j.weights.tokenizer.normalizer;

import org.peft4j.weights.tokenizer.text.NormalizedString;

/** Edits a piece of text in place (keeping its alignments to the original). */
@FunctionalInterface
public interface Normalizer {
    void normalize(NormalizedString text);
}
