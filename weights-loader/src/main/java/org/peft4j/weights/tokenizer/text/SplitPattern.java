package org.peft4j.weights.tokenizer.text;

/**
 * Finds the matches of a pattern in a string. Implementations add ranges covering the whole string in
 * order: each match, and each stretch between matches marked as not a match. An empty string gives a
 * single empty non-match, as in the Rust library.
 */
@FunctionalInterface
public interface SplitPattern {
    void findMatches(String s, MatchList out);

    /** This pattern with matches and non-matches swapped. */
    default SplitPattern inverted() {
        SplitPattern self = this;
        return (s, out) -> {
            MatchList m = new MatchList();
            self.findMatches(s, m);
            for (int i = 0; i < m.size(); i++) out.add(m.start(i), m.end(i), !m.isMatch(i));
        };
    }
}
