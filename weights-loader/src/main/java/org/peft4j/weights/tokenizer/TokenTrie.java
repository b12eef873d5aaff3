package org.peft4j.weights.tokenizer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Leftmost-longest matching of a set of strings (what the Rust library does with Aho-Corasick in
 * leftmost-longest mode): the match that starts first, and the longest one starting there.
 */
final class TokenTrie {
    private static final class Node {
        final Map<Character, Node> next = new HashMap<>(4);
        int pattern = -1;
    }

    private final Node root = new Node();
    private final boolean[] firstChar = new boolean[Character.MAX_VALUE + 1];
    private final boolean empty;

    /** Pattern i of the list is reported as i; for duplicates the first one wins. */
    TokenTrie(List<String> patterns) {
        for (int i = 0; i < patterns.size(); i++) {
            String p = patterns.get(i);
            if (p.isEmpty()) continue;
            Node n = root;
            for (int k = 0; k < p.length(); k++) n = n.next.computeIfAbsent(p.charAt(k), c -> new Node());
            if (n.pattern < 0) n.pattern = i;
            firstChar[p.charAt(0)] = true;
        }
        empty = root.next.isEmpty();
    }

    /**
     * The first match at or after {@code from}: {pattern, start, end}, or null.
     */
    int[] find(String s, int from) {
        if (empty) return null;
        for (int i = from; i < s.length(); i++) {
            if (!firstChar[s.charAt(i)]) continue;
            Node n = root;
            int best = -1, bestEnd = -1;
            for (int k = i; k < s.length(); k++) {
                n = n.next.get(s.charAt(k));
                if (n == null) break;
                if (n.pattern >= 0) {
                    best = n.pattern;
                    bestEnd = k + 1;
                }
            }
            if (best >= 0) return new int[]{best, i, bestEnd};
        }
        return null;
    }
}
