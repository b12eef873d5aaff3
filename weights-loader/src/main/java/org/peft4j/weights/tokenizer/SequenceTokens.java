package org.peft4j.weights.tokenizer;

import org.peft4j.weights.tokenizer.model.Model;
import org.peft4j.weights.tokenizer.model.TokenSink;
import org.peft4j.weights.tokenizer.text.NormalizedString;
import org.peft4j.weights.tokenizer.text.PreTokenizedString;
import org.peft4j.weights.tokenizer.text.Token;

import java.util.Arrays;
import java.util.List;

/**
 * Collects the tokens of one input sequence straight from the model, mapping each token's offsets back to
 * the original text through its piece's alignments (the Rust library's {@code into_encoding}).
 */
final class SequenceTokens implements TokenSink {
    private int[] ids, starts, ends, words;
    private String[] values;
    private int size;
    private NormalizedString piece;
    private int word;

    private SequenceTokens(int capacity) {
        ids = new int[capacity];
        starts = new int[capacity];
        ends = new int[capacity];
        words = new int[capacity];
        values = new String[capacity];
    }

    /** Tokenizes every piece that is not yet a token and builds the sequence's encoding. */
    static Encoding encode(PreTokenizedString pts, Model model, int typeId) {
        List<PreTokenizedString.Split> splits = pts.splits();
        SequenceTokens out = new SequenceTokens(Math.max(8, splits.size() + splits.size() / 2));
        for (int w = 0; w < splits.size(); w++) {
            PreTokenizedString.Split s = splits.get(w);
            out.piece = s.normalized();
            out.word = w;
            if (s.tokens() != null) {
                for (Token t : s.tokens()) out.add(t.id(), t.value(), t.start(), t.end());
            } else {
                model.tokenize(out.piece.get(), out);
            }
        }
        int n = out.size;
        for (int i = 0; i < n; i++) if (out.values[i] == null) out.values[i] = model.idToToken(out.ids[i]);
        return Encoding.ofTokens(Arrays.copyOf(out.ids, n), Arrays.copyOf(out.values, n), Arrays.copyOf(out.starts, n),
                Arrays.copyOf(out.ends, n), Arrays.copyOf(out.words, n), typeId);
    }

    @Override
    public void accept(int id, int start, int end) {
        add(id, null, start, end);
    }

    private void add(int id, String value, int start, int end) {
        if (size == ids.length) {
            int c = size * 2;
            ids = Arrays.copyOf(ids, c);
            starts = Arrays.copyOf(starts, c);
            ends = Arrays.copyOf(ends, c);
            words = Arrays.copyOf(words, c);
            values = Arrays.copyOf(values, c);
        }
        ids[size] = id;
        values[size] = value;
        starts[size] = piece.originalStartOf(start, end);
        ends[size] = piece.originalEndOf(start, end);
        words[size] = word;
        size++;
    }
}
