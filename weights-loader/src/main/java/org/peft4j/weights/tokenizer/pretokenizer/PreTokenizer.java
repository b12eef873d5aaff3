package org.peft4j.weights.tokenizer.pretokenizer;

import org.peft4j.weights.tokenizer.text.PreTokenizedString;

/** Cuts normalized text into the pieces ("words") the model tokenizes one by one. */
@FunctionalInterface
public interface PreTokenizer {
    void preTokenize(PreTokenizedString text);
}
