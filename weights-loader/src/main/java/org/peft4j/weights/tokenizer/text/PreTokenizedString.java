package org.peft4j.weights.tokenizer.text;

import java.util.ArrayList;
import java.util.List;

/**
 * The input text cut into pieces (words, added tokens), each a {@link NormalizedString}; pieces that are
 * already tokens (added tokens) carry them and are left alone by later steps. Empty pieces are dropped,
 * as in the Rust library.
 */
public final class PreTokenizedString {
    /** One piece, with its tokens once it has been tokenized. */
    public record Split(NormalizedString normalized, List<Token> tokens) {
        public Split(NormalizedString normalized) {
            this(normalized, null);
        }
    }

    /** Cuts one piece into pieces. */
    @FunctionalInterface
    public interface Splitter {
        List<NormalizedString> split(int index, NormalizedString piece);
    }

    /** Cuts one piece into pieces, some of which may already be tokens. */
    @FunctionalInterface
    public interface TokenSplitter {
        List<Split> split(int index, NormalizedString piece);
    }

    private final String original;
    private List<Split> splits;

    public PreTokenizedString(String text) {
        this.original = text;
        this.splits = new ArrayList<>(1);
        splits.add(new Split(NormalizedString.of(text)));
    }

    public String original() {
        return original;
    }

    public List<Split> splits() {
        return splits;
    }

    /** Replaces every piece that is not yet tokenized by the pieces {@code fn} cuts it into. */
    public void split(Splitter fn) {
        int n = splits.size();
        List<?>[] parts = new List<?>[n];
        int total = 0;
        for (int i = 0; i < n; i++) {
            Split s = splits.get(i);
            parts[i] = s.tokens() != null ? null : fn.split(i, s.normalized());
            total += parts[i] == null ? 1 : parts[i].size();
        }
        List<Split> out = new ArrayList<>(total);
        for (int i = 0; i < n; i++) {
            if (parts[i] == null) {
                out.add(splits.get(i));
                continue;
            }
            for (Object o : parts[i]) {
                NormalizedString piece = (NormalizedString) o;
                if (!piece.isEmpty()) out.add(new Split(piece));
            }
        }
        splits = out;
    }

    /** Like {@link #split(Splitter)}, for cutters that may produce tokens directly. */
    public void splitWithTokens(TokenSplitter fn) {
        List<Split> out = new ArrayList<>(splits.size() * 2);
        for (int i = 0; i < splits.size(); i++) {
            Split s = splits.get(i);
            if (s.tokens() != null) {
                out.add(s);
                continue;
            }
            for (Split piece : fn.split(i, s.normalized())) {
                if (!piece.normalized().isEmpty()) out.add(piece);
            }
        }
        splits = out;
    }
}
