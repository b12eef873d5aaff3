package org.peft4j.weights.tokenizer.model;

import java.util.Collections;
import java.util.Map;

/** A vocabulary in both directions. */
public final class Vocab {
    private final Map<String, Integer> tokenToId;
    private final TokenIndex index;
    private final String[] idToToken;

    public Vocab(Map<String, Integer> tokenToId) {
        this.tokenToId = Collections.unmodifiableMap(tokenToId);
        this.index = new TokenIndex(tokenToId);
        int max = -1;
        for (int id : tokenToId.values()) {
            if (id < 0) throw new IllegalArgumentException("negative token id " + id);
            max = Math.max(max, id);
        }
        idToToken = new String[max + 1];
        for (Map.Entry<String, Integer> e : tokenToId.entrySet()) idToToken[e.getValue()] = e.getKey();
    }

    public Map<String, Integer> map() {
        return tokenToId;
    }

    public TokenIndex index() {
        return index;
    }

    public int size() {
        return tokenToId.size();
    }

    public int id(String token) {
        return index.get(token);
    }

    public String token(int id) {
        return id >= 0 && id < idToToken.length ? idToToken[id] : null;
    }
}
