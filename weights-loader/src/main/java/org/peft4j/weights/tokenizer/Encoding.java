package org.peft4j.weights.tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The result of encoding one text or one pair: token ids and everything aligned with them. Immutable;
 * array accessors return copies (use {@link #id(int)} and friends in hot loops).
 *
 * <p>Offsets are [start, end) UTF-16 indices (Java {@code String} indices) into the input the token came
 * from: the first text for sequence id 0, the pair text for sequence id 1. Added special tokens and
 * padding have offsets (0, 0), word id -1 and sequence id -1.
 *
 * <p>The operations that build encodings (merge, truncate, pad, ...) follow the Rust tokenizers
 * library's {@code Encoding} exactly, including how overflowing parts combine and which tokens get a
 * sequence id.
 */
public final class Encoding {
    private static final int[] NO_RANGES = new int[0];
    private static final Encoding EMPTY = new Encoding(new int[0], new int[0], new String[0], new int[0],
            new int[0], new int[0], new int[0], new int[0], NO_RANGES, List.of());

    private final int[] ids;
    private final int[] typeIds;
    private final String[] tokens;
    private final int[] starts;
    private final int[] ends;
    private final int[] wordIds;
    private final int[] specialTokensMask;
    private final int[] attentionMask;
    /**
     * (sequence id, start, end) triples in insertion order, one per sequence id: the token range of each
     * sequence. Empty means "all of it is sequence 0". Never modified once built.
     */
    private final int[] sequenceRanges;
    private final List<Encoding> overflowing;

    private Encoding(int[] ids, int[] typeIds, String[] tokens, int[] starts, int[] ends, int[] wordIds,
                     int[] specialTokensMask, int[] attentionMask, int[] sequenceRanges,
                     List<Encoding> overflowing) {
        this.ids = ids;
        this.typeIds = typeIds;
        this.tokens = tokens;
        this.starts = starts;
        this.ends = ends;
        this.wordIds = wordIds;
        this.specialTokensMask = specialTokensMask;
        this.attentionMask = attentionMask;
        this.sequenceRanges = sequenceRanges;
        this.overflowing = overflowing;
    }

    // ------------------------------------------------------------------ construction

    public static Encoding empty() {
        return EMPTY;
    }

    /**
     * Tokens of one input sequence as the model produced them: all of type {@code typeId}, attended,
     * not special. The arrays are taken over, not copied.
     */
    public static Encoding ofTokens(int[] ids, String[] tokens, int[] starts, int[] ends, int[] wordIds, int typeId) {
        int n = ids.length;
        int[] types = new int[n];
        Arrays.fill(types, typeId);
        int[] attention = new int[n];
        Arrays.fill(attention, 1);
        return new Encoding(ids, types, tokens, starts, ends, wordIds, new int[n], attention, NO_RANGES, List.of());
    }

    /** Special tokens added by a post-processor: offsets (0, 0), no word, special, attended. */
    public static Encoding ofSpecialTokens(int[] ids, String[] tokens, int typeId) {
        int n = ids.length;
        int[] types = new int[n];
        Arrays.fill(types, typeId);
        int[] words = new int[n];
        Arrays.fill(words, -1);
        int[] ones = new int[n];
        Arrays.fill(ones, 1);
        return new Encoding(ids.clone(), types, tokens.clone(), new int[n], new int[n], words, ones, ones.clone(),
                NO_RANGES, List.of());
    }

    /**
     * Concatenates encodings one after the other (Rust's {@code Encoding::merge}), combining their
     * overflowing parts; with {@code growingOffsets} each part's offsets continue after the previous end.
     */
    public static Encoding merge(List<Encoding> encodings, boolean growingOffsets) {
        boolean simple = !growingOffsets;
        for (Encoding e : encodings) simple &= e.overflowing.isEmpty();
        if (!simple) {
            Encoding result = EMPTY;
            for (Encoding e : encodings) result = result.mergeWith(e, growingOffsets);
            return result;
        }
        if (encodings.size() == 1) return encodings.get(0);
        // No overflowing parts: one copy of everything.
        int n = 0;
        for (Encoding e : encodings) n += e.length();
        int[] ids = new int[n], types = new int[n], starts = new int[n], ends = new int[n], words = new int[n];
        int[] special = new int[n], attention = new int[n];
        String[] tokens = new String[n];
        int[] ranges = NO_RANGES;
        int at = 0;
        for (Encoding e : encodings) {
            int len = e.length();
            System.arraycopy(e.ids, 0, ids, at, len);
            System.arraycopy(e.typeIds, 0, types, at, len);
            System.arraycopy(e.tokens, 0, tokens, at, len);
            System.arraycopy(e.starts, 0, starts, at, len);
            System.arraycopy(e.ends, 0, ends, at, len);
            System.arraycopy(e.wordIds, 0, words, at, len);
            System.arraycopy(e.specialTokensMask, 0, special, at, len);
            System.arraycopy(e.attentionMask, 0, attention, at, len);
            for (int r = 0; r < e.sequenceRanges.length; r += 3) {
                ranges = putRange(ranges, e.sequenceRanges[r], at + e.sequenceRanges[r + 1], at + e.sequenceRanges[r + 2]);
            }
            at += len;
        }
        return new Encoding(ids, types, tokens, starts, ends, words, special, attention, ranges, List.of());
    }

    /** This encoding followed by {@code pair}, overflowing parts combined as the Rust library does. */
    public Encoding mergeWith(Encoding pair, boolean growingOffsets) {
        List<Encoding> overflowings = List.of();
        if (!overflowing.isEmpty() || !pair.overflowing.isEmpty()) {
            List<Encoding> all = new ArrayList<>();
            for (Encoding selfO : overflowing) {
                all.add(selfO.mergeWith(pair, growingOffsets));
                for (Encoding otherO : pair.overflowing) all.add(selfO.mergeWith(otherO, growingOffsets));
            }
            for (Encoding otherO : pair.overflowing) all.add(this.mergeWith(otherO, growingOffsets));
            overflowings = List.copyOf(all);
        }
        int n = length();
        int[] ranges = sequenceRanges;
        for (int r = 0; r < pair.sequenceRanges.length; r += 3) {
            ranges = putRange(ranges, pair.sequenceRanges[r], n + pair.sequenceRanges[r + 1], n + pair.sequenceRanges[r + 2]);
        }
        int shift = growingOffsets && n > 0 ? ends[n - 1] : 0;
        int[] pairStarts = pair.starts;
        int[] pairEnds = pair.ends;
        if (shift != 0) {
            pairStarts = pairStarts.clone();
            pairEnds = pairEnds.clone();
            for (int i = 0; i < pairStarts.length; i++) {
                pairStarts[i] += shift;
                pairEnds[i] += shift;
            }
        }
        return new Encoding(cat(ids, pair.ids), cat(typeIds, pair.typeIds), cat(tokens, pair.tokens),
                cat(starts, pairStarts), cat(ends, pairEnds), cat(wordIds, pair.wordIds),
                cat(specialTokensMask, pair.specialTokensMask), cat(attentionMask, pair.attentionMask),
                ranges, overflowings);
    }

    /** A copy of {@code ranges} where sequence {@code seq} covers [start, end) (replacing an earlier entry). */
    private static int[] putRange(int[] ranges, int seq, int start, int end) {
        for (int r = 0; r < ranges.length; r += 3) {
            if (ranges[r] == seq) {
                int[] out = ranges.clone();
                out[r + 1] = start;
                out[r + 2] = end;
                return out;
            }
        }
        int[] out = Arrays.copyOf(ranges, ranges.length + 3);
        out[ranges.length] = seq;
        out[ranges.length + 1] = start;
        out[ranges.length + 2] = end;
        return out;
    }

    /** Every token of this encoding gets type id {@code typeId}. */
    public Encoding withTypeIds(int typeId) {
        boolean same = true;
        for (int t : typeIds) same &= t == typeId;
        if (same) return this;
        int[] types = new int[length()];
        Arrays.fill(types, typeId);
        return new Encoding(ids, types, tokens, starts, ends, wordIds, specialTokensMask, attentionMask,
                sequenceRanges, overflowing);
    }

    /** Marks all tokens of this encoding as sequence {@code sequenceId}. */
    public Encoding withSequenceId(int sequenceId) {
        return new Encoding(ids, typeIds, tokens, starts, ends, wordIds, specialTokensMask, attentionMask,
                putRange(sequenceRanges, sequenceId, 0, length()), overflowing);
    }

    /** The same tokens, none of them special, all attended (a sequence inside a post-processor template). */
    public Encoding asSequenceContent() {
        int[] attention = new int[length()];
        Arrays.fill(attention, 1);
        return new Encoding(ids, typeIds, tokens, starts, ends, wordIds, new int[length()], attention,
                sequenceRanges, overflowing);
    }

    /** The same tokens with no sequence marks (before a post-processor sets its own). */
    public Encoding withoutSequenceRanges() {
        return new Encoding(ids, typeIds, tokens, starts, ends, wordIds, specialTokensMask, attentionMask,
                NO_RANGES, overflowing);
    }

    /** The same tokens with other offsets (arrays taken over). */
    public Encoding withOffsets(int[] newStarts, int[] newEnds) {
        return new Encoding(ids, typeIds, tokens, newStarts, newEnds, wordIds, specialTokensMask, attentionMask,
                sequenceRanges, overflowing);
    }

    public Encoding withOverflowing(List<Encoding> parts) {
        return new Encoding(ids, typeIds, tokens, starts, ends, wordIds, specialTokensMask, attentionMask,
                sequenceRanges, List.copyOf(parts));
    }

    /**
     * Keeps at most {@code maxLength} tokens; what is cut goes to {@link #overflowing()} in windows of
     * {@code maxLength} that overlap by {@code stride} (Rust's {@code Encoding::truncate}).
     */
    public Encoding truncate(int maxLength, int stride, TruncationParams.Direction direction) {
        int n = length();
        if (maxLength >= n) return this;
        if (maxLength == 0) {
            return new Encoding(new int[0], new int[0], new String[0], new int[0], new int[0], new int[0],
                    new int[0], new int[0], NO_RANGES, List.of(this));
        }
        if (stride >= maxLength) {
            throw new IllegalArgumentException("truncation stride (" + stride + ") must be less than the length "
                    + "left for the sequence (" + maxLength + "; special tokens are subtracted from max_length)");
        }
        int step = maxLength - stride;
        List<int[]> parts = new ArrayList<>();
        if (direction == TruncationParams.Direction.RIGHT) {
            for (int start = 0; start < n; start += step) {
                int stop = Math.min(start + maxLength, n);
                parts.add(new int[]{start, stop});
                if (stop == n) break;
            }
        } else {
            for (int stopIncl = n - 1; stopIncl >= 0; stopIncl -= step) {
                int stop = stopIncl + 1;
                int start = stop < maxLength ? 0 : stop - maxLength;
                parts.add(new int[]{start, stop});
                if (start == 0) break;
            }
        }
        List<Encoding> over = new ArrayList<>();
        for (int p = 1; p < parts.size(); p++) over.add(range(parts.get(p)[0], parts.get(p)[1], List.of()));
        return range(parts.get(0)[0], parts.get(0)[1], over);
    }

    private Encoding range(int from, int to, List<Encoding> over) {
        return new Encoding(Arrays.copyOfRange(ids, from, to), Arrays.copyOfRange(typeIds, from, to),
                Arrays.copyOfRange(tokens, from, to), Arrays.copyOfRange(starts, from, to),
                Arrays.copyOfRange(ends, from, to), Arrays.copyOfRange(wordIds, from, to),
                Arrays.copyOfRange(specialTokensMask, from, to), Arrays.copyOfRange(attentionMask, from, to),
                NO_RANGES, List.copyOf(over));
    }

    /** Pads to {@code targetLength} tokens (and each overflowing part too); longer encodings are kept. */
    public Encoding pad(int targetLength, int padId, int padTypeId, String padToken, PaddingParams.Direction direction) {
        List<Encoding> over = overflowing;
        if (!over.isEmpty()) {
            List<Encoding> padded = new ArrayList<>(over.size());
            for (Encoding o : over) padded.add(o.pad(targetLength, padId, padTypeId, padToken, direction));
            over = List.copyOf(padded);
        }
        int n = length();
        if (n >= targetLength) return over == overflowing ? this : withOverflowing(over);
        int padLength = targetLength - n;
        boolean left = direction == PaddingParams.Direction.LEFT;
        int at = left ? 0 : n;
        int keepAt = left ? padLength : 0;
        int[] newIds = spread(ids, targetLength, keepAt, at, padLength, padId);
        int[] newTypes = spread(typeIds, targetLength, keepAt, at, padLength, padTypeId);
        String[] newTokens = new String[targetLength];
        System.arraycopy(tokens, 0, newTokens, keepAt, n);
        Arrays.fill(newTokens, at, at + padLength, padToken);
        int[] ranges = sequenceRanges;
        if (left && ranges.length > 0) {
            ranges = ranges.clone();
            for (int r = 0; r < ranges.length; r += 3) {
                ranges[r + 1] += padLength;
                ranges[r + 2] += padLength;
            }
        }
        return new Encoding(newIds, newTypes, newTokens, spread(starts, targetLength, keepAt, at, padLength, 0),
                spread(ends, targetLength, keepAt, at, padLength, 0),
                spread(wordIds, targetLength, keepAt, at, padLength, -1),
                spread(specialTokensMask, targetLength, keepAt, at, padLength, 1),
                spread(attentionMask, targetLength, keepAt, at, padLength, 0), ranges, over);
    }

    private static int[] spread(int[] a, int size, int keepAt, int padAt, int padLength, int fill) {
        int[] out = new int[size];
        System.arraycopy(a, 0, out, keepAt, a.length);
        Arrays.fill(out, padAt, padAt + padLength, fill);
        return out;
    }

    private static int[] cat(int[] a, int[] b) {
        if (b.length == 0) return a;
        if (a.length == 0) return b;
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String[] cat(String[] a, String[] b) {
        if (b.length == 0) return a;
        if (a.length == 0) return b;
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    // ------------------------------------------------------------------ access

    /** Number of tokens. */
    public int length() {
        return ids.length;
    }

    public int id(int i) {
        return ids[i];
    }

    public String token(int i) {
        return tokens[i];
    }

    public int offsetStart(int i) {
        return starts[i];
    }

    public int offsetEnd(int i) {
        return ends[i];
    }

    public int[] ids() {
        return ids.clone();
    }

    public int[] typeIds() {
        return typeIds.clone();
    }

    public String[] tokens() {
        return tokens.clone();
    }

    /** [start, end) UTF-16 offsets of each token into its own input text. */
    public int[][] offsets() {
        int[][] out = new int[ids.length][];
        for (int i = 0; i < out.length; i++) out[i] = new int[]{starts[i], ends[i]};
        return out;
    }

    /**
     * Offsets in code points (Python {@code str} indices, what the Python binding of the Rust library
     * reports) instead of UTF-16 units; {@code text} and {@code pair} are the inputs of the encode call.
     */
    public int[][] codePointOffsets(String text, String pair) {
        int[] seq = sequenceIds();
        int[][] out = new int[ids.length][];
        for (int i = 0; i < out.length; i++) {
            String src = seq[i] == 1 ? pair : text;
            if (seq[i] < 0 || src == null) {
                out[i] = new int[]{starts[i], ends[i]};
            } else {
                out[i] = new int[]{src.codePointCount(0, starts[i]), src.codePointCount(0, ends[i])};
            }
        }
        return out;
    }

    public int[] attentionMask() {
        return attentionMask.clone();
    }

    public int[] specialTokensMask() {
        return specialTokensMask.clone();
    }

    /** Index of the word (pre-tokenizer piece) each token came from; -1 for added special tokens and padding. */
    public int[] wordIds() {
        return wordIds.clone();
    }

    /** 0 or 1 for tokens of the first or second text; -1 for tokens of neither (special, padding). */
    public int[] sequenceIds() {
        int[] out = new int[length()];
        Arrays.fill(out, -1);
        int count = sequenceRanges.length / 3;
        if (count == 0) {
            Arrays.fill(out, 0);
            return out;
        }
        // As the Rust library: sequence ids 0 .. count-1, a missing one covering every token.
        for (int seq = 0; seq < count; seq++) {
            int found = -1;
            for (int r = 0; r < sequenceRanges.length; r += 3) if (sequenceRanges[r] == seq) found = r;
            if (found < 0) Arrays.fill(out, seq);
            else Arrays.fill(out, sequenceRanges[found + 1], sequenceRanges[found + 2], seq);
        }
        return out;
    }

    /** The parts cut off by truncation, each post-processed (and padded) like this encoding. */
    public List<Encoding> overflowing() {
        return overflowing;
    }

    @Override
    public String toString() {
        return "Encoding" + Arrays.toString(tokens);
    }
}
