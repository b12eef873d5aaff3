package org.peft4j.weights.tokenizer.text;

/** What a split does with the matched delimiters (the Rust library's {@code SplitDelimiterBehavior}). */
public enum SplitBehavior {
    /** Delimiters are dropped. */
    REMOVED,
    /** Each delimiter is its own piece. */
    ISOLATED,
    /** A delimiter is glued to the piece before it. */
    MERGED_WITH_PREVIOUS,
    /** A delimiter is glued to the piece after it. */
    MERGED_WITH_NEXT,
    /** Consecutive delimiters form one piece. */
    CONTIGUOUS;

    /**
     * Turns pattern matches into the pieces to keep. In the result a range marked as a match means
     * "remove this range".
     */
    MatchList apply(MatchList matches) {
        MatchList out = new MatchList();
        switch (this) {
            case REMOVED -> {
                return matches;
            }
            case ISOLATED -> {
                matches.clearMatchFlags();
                return matches;
            }
            case CONTIGUOUS -> {
                boolean previousMatch = false;
                for (int i = 0; i < matches.size(); i++) {
                    boolean isMatch = matches.isMatch(i);
                    if (isMatch == previousMatch && out.size() > 0) out.setEnd(out.size() - 1, matches.end(i));
                    else out.add(matches.start(i), matches.end(i), false);
                    previousMatch = isMatch;
                }
            }
            case MERGED_WITH_PREVIOUS -> {
                boolean previousMatch = false;
                for (int i = 0; i < matches.size(); i++) {
                    boolean isMatch = matches.isMatch(i);
                    if (isMatch && !previousMatch && out.size() > 0) out.setEnd(out.size() - 1, matches.end(i));
                    else out.add(matches.start(i), matches.end(i), false);
                    previousMatch = isMatch;
                }
            }
            case MERGED_WITH_NEXT -> {
                boolean previousMatch = false;
                for (int i = matches.size() - 1; i >= 0; i--) {
                    boolean isMatch = matches.isMatch(i);
                    if (isMatch && !previousMatch && out.size() > 0) out.setStart(out.size() - 1, matches.start(i));
                    else out.add(matches.start(i), matches.end(i), false);
                    previousMatch = isMatch;
                }
                out.reverse();
            }
        }
        return out;
    }
}
