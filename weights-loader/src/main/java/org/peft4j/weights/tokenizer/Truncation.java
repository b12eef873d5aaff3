package org.peft4j.weights.tokenizer;

/** Cuts a single or pair encoding to a token budget, as the Rust library's {@code truncate_encodings}. */
final class Truncation {
    private Truncation() {
    }

    /** Returns {first, pair} (pair may be null) with at most {@code maxLength} tokens together. */
    static Encoding[] truncate(Encoding a, Encoding b, int maxLength, TruncationParams p) {
        int stride = p.stride();
        TruncationParams.Direction dir = p.direction();
        if (maxLength == 0) {
            return new Encoding[]{a.truncate(0, stride, dir), b == null ? null : b.truncate(0, stride, dir)};
        }
        int total = a.length() + (b == null ? 0 : b.length());
        if (total <= maxLength) return new Encoding[]{a, b};
        int toRemove = total - maxLength;
        switch (p.strategy()) {
            case LONGEST_FIRST -> {
                if (b == null) return new Encoding[]{a.truncate(maxLength, stride, dir), null};
                int n1 = a.length(), n2 = b.length();
                boolean swap = n1 > n2;
                if (swap) {
                    int t = n1;
                    n1 = n2;
                    n2 = t;
                }
                n2 = n1 > maxLength ? n1 : Math.max(n1, maxLength - n1);
                if (n1 + n2 > maxLength) {
                    n1 = maxLength / 2;
                    n2 = n1 + maxLength % 2;
                }
                if (swap) {
                    int t = n1;
                    n1 = n2;
                    n2 = t;
                }
                return new Encoding[]{a.truncate(n1, stride, dir), b.truncate(n2, stride, dir)};
            }
            case ONLY_FIRST, ONLY_SECOND -> {
                boolean first = p.strategy() == TruncationParams.Strategy.ONLY_FIRST;
                if (!first && b == null) {
                    throw new IllegalArgumentException("truncation strategy only_second needs a second sequence");
                }
                Encoding target = first ? a : b;
                if (target.length() <= toRemove) {
                    throw new IllegalArgumentException("truncation: the " + (first ? "first" : "second")
                            + " sequence (" + target.length() + " tokens) is too short to remove " + toRemove
                            + " tokens and respect max_length " + p.maxLength());
                }
                Encoding cut = target.truncate(target.length() - toRemove, stride, dir);
                return first ? new Encoding[]{cut, b} : new Encoding[]{a, cut};
            }
            default -> throw new IllegalStateException("unknown strategy " + p.strategy());
        }
    }
}
