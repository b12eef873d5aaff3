package org.peft4j.weights.tokenizer.model;

import org.peft4j.weights.tokenizer.text.Token;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Byte-pair encoding: a word starts as one symbol per character (with {@code continuingSubwordPrefix} on
 * all but the first and {@code endOfWordSuffix} on the last), then the ranked merges are applied. A
 * character not in the vocabulary becomes its UTF-8 byte tokens ({@code <0xNN>}) when {@code byteFallback}
 * is on and they exist, else the unknown token (consecutive ones fused into one with {@code fuseUnk}), else
 * it is dropped. With {@code ignoreMerges} a word that is itself a vocabulary token is taken whole.
 * Dropout is not applied (encoding is deterministic). Results of short words are cached.
 */
public final class Bpe implements Model {
    /** Words cached (the Rust library keeps 10,000; more costs a few MB and saves re-merging rarer words). */
    private static final int CACHE_CAPACITY = 100_000;
    /** Total characters of cached words, so that tokenizers without a pre-tokenizer (whole texts) stay small. */
    private static final long CACHE_CHAR_BUDGET = 2_000_000;
    private static final int MAX_CACHED_LENGTH = 256;

    private final Vocab vocab;
    private final MergeMap merges;
    private final String unkToken;
    private final String prefix;
    private final String suffix;
    private final boolean fuseUnk;
    private final boolean byteFallback;
    private final boolean ignoreMerges;
    private final int[] byteTokenIds;
    private final ConcurrentHashMap<String, int[]> cache = new ConcurrentHashMap<>();
    private final AtomicLong cachedChars = new AtomicLong();
    /** Per-thread scratch word, so merging allocates nothing but its result. */
    private final ThreadLocal<BpeWord> scratch = ThreadLocal.withInitial(() -> new BpeWord(64));

    /**
     * @param merges merges in rank order, each {left, right}; every token and their concatenation must be
     *               in the vocabulary
     */
    public Bpe(Vocab vocab, List<String[]> merges, String unkToken, String continuingSubwordPrefix,
               String endOfWordSuffix, boolean fuseUnk, boolean byteFallback, boolean ignoreMerges) {
        this.vocab = vocab;
        this.unkToken = unkToken;
        this.prefix = continuingSubwordPrefix == null ? "" : continuingSubwordPrefix;
        this.suffix = endOfWordSuffix == null ? "" : endOfWordSuffix;
        this.fuseUnk = fuseUnk;
        this.byteFallback = byteFallback;
        this.ignoreMerges = ignoreMerges;
        this.merges = new MergeMap(merges.size());
        int rank = 0;
        for (String[] m : merges) {
            int a = vocab.id(m[0]);
            int b = vocab.id(m[1]);
            if (a < 0 || b < 0) {
                throw new IllegalArgumentException("merge " + rank + " (\"" + m[0] + " " + m[1] + "\"): token \""
                        + (a < 0 ? m[0] : m[1]) + "\" is not in the vocabulary");
            }
            if (m[1].length() < prefix.length()) {
                throw new IllegalArgumentException("merge " + rank + " (\"" + m[0] + " " + m[1] + "\"): right token is "
                        + "shorter than the continuing-subword prefix \"" + prefix + "\"");
            }
            // As the Rust library: the right part loses prefix-length characters, whatever they are.
            String merged = m[0] + m[1].substring(prefix.length());
            int id = vocab.id(merged);
            if (id < 0) {
                throw new IllegalArgumentException("merge " + rank + " (\"" + m[0] + " " + m[1] + "\"): merged token \""
                        + merged + "\" is not in the vocabulary");
            }
            this.merges.put(a, b, rank, id);
            rank++;
        }
        byteTokenIds = new int[256];
        for (int b = 0; b < 256; b++) byteTokenIds[b] = vocab.id(String.format("<0x%02X>", b));
    }

    public String unkToken() {
        return unkToken;
    }

    @Override
    public List<Token> tokenize(String word) {
        List<Token> out = new ArrayList<>();
        tokenize(word, (id, start, end) -> out.add(new Token(id, vocab.token(id), start, end)));
        return out;
    }

    @Override
    public void tokenize(String word, TokenSink sink) {
        if (word.isEmpty()) return;
        if (ignoreMerges) {
            int id = vocab.id(word);
            if (id >= 0) {
                sink.accept(id, 0, word.length());
                return;
            }
        }
        int[] symbols = cache.get(word);
        if (symbols == null) {
            symbols = merge(word);
            if (word.length() < MAX_CACHED_LENGTH && cache.size() < CACHE_CAPACITY
                    && cachedChars.get() < CACHE_CHAR_BUDGET && cache.putIfAbsent(word, symbols) == null) {
                cachedChars.addAndGet(word.length());
            }
        }
        for (int i = 0; i < symbols.length; i += 3) sink.accept(symbols[i], symbols[i + 1], symbols[i + 2]);
    }

    /** The merged symbols of a word as (id, start, end) triples. */
    private int[] merge(String w) {
        TokenIndex index = vocab.index();
        BpeWord word = scratch.get();
        word.reset();
        int unkId = -1, unkStart = 0, unkEnd = 0;
        boolean pendingUnk = false;
        for (int i = 0; i < w.length(); ) {
            int next = i + Character.charCount(w.codePointAt(i));
            boolean first = i == 0, last = next == w.length();
            int id = index.get(first ? "" : prefix, w, i, next, last ? suffix : "");
            if (id >= 0) {
                if (pendingUnk) {
                    word.add(unkId, unkStart, unkEnd);
                    pendingUnk = false;
                }
                word.add(id, i, next);
            } else if (byteFallback && addBytes(word, (first ? "" : prefix) + w.substring(i, next) + (last ? suffix : ""), i, next)) {
                // each byte became its own <0xNN> token, all spanning this character
            } else if (unkToken != null) {
                int unk = vocab.id(unkToken);
                if (unk < 0) throw new IllegalStateException("BPE unknown token \"" + unkToken + "\" is not in the vocabulary");
                if (pendingUnk && fuseUnk) {
                    unkEnd = next;
                } else {
                    if (pendingUnk) word.add(unkId, unkStart, unkEnd);
                    unkId = unk;
                    unkStart = i;
                    unkEnd = next;
                    pendingUnk = true;
                }
            }
            i = next;
        }
        if (pendingUnk) word.add(unkId, unkStart, unkEnd);
        word.mergeAll(merges);
        int[] out = new int[3 * word.size];
        for (int k = 0; k < word.size; k++) {
            out[3 * k] = word.id[k];
            out[3 * k + 1] = word.start[k];
            out[3 * k + 2] = word.end[k];
        }
        return out;
    }

    /** Adds the byte tokens of {@code s} if all exist (none are added otherwise). */
    private boolean addBytes(BpeWord word, String s, int start, int end) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) if (byteTokenIds[b & 0xFF] < 0) return false;
        for (byte b : bytes) word.add(byteTokenIds[b & 0xFF], start, end);
        return true;
    }

    @Override
    public Vocab vocabulary() {
        return vocab;
    }
}
