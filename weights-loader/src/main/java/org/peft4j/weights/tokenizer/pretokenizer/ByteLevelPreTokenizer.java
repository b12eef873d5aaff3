package org.peft4j.weights.tokenizer.pretokenizer;

import org.peft4j.weights.tokenizer.text.ByteLevelAlphabet;
import org.peft4j.weights.tokenizer.text.Gpt2Pattern;
import org.peft4j.weights.tokenizer.text.PreTokenizedString;
import org.peft4j.weights.tokenizer.text.SplitBehavior;
import org.peft4j.weights.tokenizer.text.SplitPattern;

import java.util.List;

/**
 * GPT-2's pre-tokenizer: optionally a space in front of each piece, the GPT-2 split regex, then every piece
 * rewritten in the byte alphabet.
 */
public record ByteLevelPreTokenizer(boolean addPrefixSpace, boolean useRegex) implements PreTokenizer {
    private static final SplitPattern GPT2 = new Gpt2Pattern();

    @Override
    public void preTokenize(PreTokenizedString text) {
        text.split((i, piece) -> {
            if (addPrefixSpace && !piece.get().startsWith(" ")) piece.prepend(" ");
            return useRegex ? piece.split(GPT2, SplitBehavior.ISOLATED) : List.of(piece);
        });
        text.normalize(ByteLevelAlphabet::apply);
    }
}
