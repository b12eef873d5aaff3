package org.peft4j.weights.tokenizer.text;

import java.util.Arrays;

/** A growable list of [start, end) ranges over a string, each marked as a pattern match or not. */
public final class MatchList {
    private int[] data = new int[24];
    private int size;

    public void add(int start, int end, boolean isMatch) {
        if (3 * size + 3 > data.length) data = Arrays.copyOf(data, data.length * 2);
        data[3 * size] = start;
        data[3 * size + 1] = end;
        data[3 * size + 2] = isMatch ? 1 : 0;
        size++;
    }

    public int size() {
        return size;
    }

    public int start(int i) {
        return data[3 * i];
    }

    public int end(int i) {
        return data[3 * i + 1];
    }

    public boolean isMatch(int i) {
        return data[3 * i + 2] != 0;
    }

    void setStart(int i, int start) {
        data[3 * i] = start;
    }

    void setEnd(int i, int end) {
        data[3 * i + 1] = end;
    }

    /** Marks every range as a non-match. */
    void clearMatchFlags() {
        for (int i = 0; i < size; i++) data[3 * i + 2] = 0;
    }

    /** Reverses the order of the ranges. */
    void reverse() {
        for (int a = 0, b = size - 1; a < b; a++, b--) {
            for (int k = 0; k < 3; k++) {
                int t = data[3 * a + k];
                data[3 * a + k] = data[3 * b + k];
                data[3 * b + k] = t;
            }
        }
    }
}
