package org.peft4j.weights.tokenizer.pretokenizer;

import org.peft4j.weights.tokenizer.text.Patterns;
import org.peft4j.weights.tokenizer.text.PreTokenizedString;
import org.peft4j.weights.tokenizer.text.SplitBehavior;
import org.peft4j.weights.tokenizer.text.SplitPattern;

import java.util.List;

/**
 * SentencePiece-style pre-tokenizer: spaces become {@code replacement} ('▁'), a replacement is put in front
 * as {@code prependScheme} says, and pieces are cut before each replacement character.
 */
public record MetaspacePreTokenizer(int replacement, PrependScheme prependScheme, boolean split) implements PreTokenizer {
    /** When to put a replacement character in front of a piece. */
    public enum PrependScheme { ALWAYS, NEVER, FIRST }

    @Override
    public void preTokenize(PreTokenizedString text) {
        String rep = new String(Character.toChars(replacement));
        SplitPattern space = Patterns.literal(" ");
        SplitPattern delimiter = Patterns.chars(cp -> cp == replacement);
        text.split((i, piece) -> {
            piece.replace(space, rep);
            boolean startsWithRep = piece.get().startsWith(rep);
            if (prependScheme == PrependScheme.ALWAYS && !startsWithRep) piece.prepend(rep);
            if (prependScheme == PrependScheme.FIRST && !startsWithRep && piece.originalStart() == 0) piece.prepend(rep);
            return split ? piece.split(delimiter, SplitBehavior.MERGED_WITH_NEXT) : List.of(piece);
        });
    }
}
