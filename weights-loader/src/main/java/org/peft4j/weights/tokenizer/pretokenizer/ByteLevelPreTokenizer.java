package org.peft4j.weights.tokenizer.pretokenizer;

import org.peft4j.weights.tokenizer.text.ByteLevelAlphabet;
import org.peft4j.weights.tokenizer.text.Gpt2Pattern;
import org.peft4j.weights.tokenizer.text.MatchList;
import org.peft4j.weights.tokenizer.text.NormalizedString;
import org.peft4j.weights.tokenizer.text.PreTokenizedString;
import org.peft4j.weights.tokenizer.text.SplitPattern;

import java.util.ArrayList;
import java.util.List;

/**
 * GPT-2's pre-tokenizer: optionally a space in front of each piece, the GPT-2 split regex, then every piece
 * rewritten in the byte alphabet.
 */
public record ByteLevelPreTokenizer(boolean addPrefixSpace, boolean useRegex) implements PreTokenizer {
    private static final SplitPattern GPT2 = new Gpt2Pattern();

    @Override
    public void preTokenize(PreTokenizedString text) {
        // Split and byte-map in one go: an ASCII piece is mapped while it is cut out (same result as the
        // Rust library's split followed by its byte-level normalization of every piece).
        text.split((i, piece) -> {
            if (addPrefixSpace && !piece.get().startsWith(" ")) piece.prepend(" ");
            String s = piece.get();
            MatchList m = new MatchList();
            if (useRegex) GPT2.findMatches(s, m);
            else m.add(0, s.length(), true);
            List<NormalizedString> out = new ArrayList<>(m.size());
            for (int k = 0; k < m.size(); k++) {
                int a = m.start(k), b = m.end(k);
                if (a == b) continue;
                String mapped = ByteLevelAlphabet.mapAscii(s, a, b);
                if (mapped != null) {
                    out.add(piece.sliceReplaced(a, b, mapped));
                } else {
                    NormalizedString slice = piece.slice(a, b);
                    ByteLevelAlphabet.apply(slice);
                    out.add(slice);
                }
            }
            return out;
        });
    }
}
