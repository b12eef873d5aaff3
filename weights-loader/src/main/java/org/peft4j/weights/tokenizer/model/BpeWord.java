package org.peft4j.weights.tokenizer.model;

import java.util.Arrays;

/**
 * The symbols of one word during BPE merging, as a linked list in arrays, merged with a priority queue
 * ordered by (merge rank, position) exactly as the Rust library's {@code Word::merge_all} does (including
 * how it recognises stale queue entries).
 */
final class BpeWord {
    int size;
    int[] id;
    int[] start;
    int[] end;
    private int[] prev;
    private int[] next;
    private boolean[] removed;

    BpeWord(int capacity) {
        int c = Math.max(capacity, 4);
        id = new int[c];
        start = new int[c];
        end = new int[c];
        prev = new int[c];
        next = new int[c];
        removed = new boolean[c];
    }

    private Queue queue;

    /** Empties the word for reuse. */
    void reset() {
        size = 0;
    }

    void add(int tokenId, int s, int e) {
        if (size == id.length) {
            int c = size * 2;
            id = Arrays.copyOf(id, c);
            start = Arrays.copyOf(start, c);
            end = Arrays.copyOf(end, c);
            prev = Arrays.copyOf(prev, c);
            next = Arrays.copyOf(next, c);
            removed = Arrays.copyOf(removed, c);
        }
        id[size] = tokenId;
        start[size] = s;
        end[size] = e;
        prev[size] = size - 1;
        next[size] = -1;
        removed[size] = false;
        if (size > 0) next[size - 1] = size;
        size++;
    }

    void mergeAll(MergeMap merges) {
        if (size < 2) return;
        if (queue == null) queue = new Queue(size);
        queue.size = 0;
        for (int i = 0; i + 1 < size; i++) {
            long m = merges.get(id[i], id[i + 1]);
            if (m >= 0) queue.push((int) (m >>> 32), i, (int) m);
        }
        while (queue.size > 0) {
            int pos = queue.topPos(), newId = queue.topNewId();
            queue.pop();
            if (removed[pos]) continue;
            int right = next[pos];
            if (right == -1) continue;
            long current = merges.get(id[pos], id[right]);
            if (current < 0 || (int) current != newId) continue; // stale entry
            id[pos] = newId;
            end[pos] = end[right];
            next[pos] = next[right];
            removed[right] = true;
            if (next[right] >= 0 && next[right] < size) prev[next[right]] = pos;
            if (prev[pos] >= 0) {
                long m = merges.get(id[prev[pos]], id[pos]);
                if (m >= 0) queue.push((int) (m >>> 32), prev[pos], (int) m);
            }
            int nx = next[pos];
            if (nx >= 0 && nx < size) {
                long m = merges.get(id[pos], id[nx]);
                if (m >= 0) queue.push((int) (m >>> 32), pos, (int) m);
            }
        }
        int w = 0;
        for (int r = 0; r < size; r++) {
            if (removed[r]) continue;
            id[w] = id[r];
            start[w] = start[r];
            end[w] = end[r];
            w++;
        }
        size = w;
    }

    /** Binary min-heap of (rank, position, merged id), ordered by rank then position. */
    private static final class Queue {
        int[] rank, pos, newId;
        int size;

        Queue(int capacity) {
            rank = new int[capacity];
            pos = new int[capacity];
            newId = new int[capacity];
        }

        int topPos() {
            return pos[0];
        }

        int topNewId() {
            return newId[0];
        }

        private boolean less(int a, int b) {
            return rank[a] < rank[b] || (rank[a] == rank[b] && pos[a] < pos[b]);
        }

        private void swap(int a, int b) {
            int t = rank[a]; rank[a] = rank[b]; rank[b] = t;
            t = pos[a]; pos[a] = pos[b]; pos[b] = t;
            t = newId[a]; newId[a] = newId[b]; newId[b] = t;
        }

        void push(int r, int p, int n) {
            if (size == rank.length) {
                int c = size * 2 + 1;
                rank = Arrays.copyOf(rank, c);
                pos = Arrays.copyOf(pos, c);
                newId = Arrays.copyOf(newId, c);
            }
            rank[size] = r;
            pos[size] = p;
            newId[size] = n;
            int i = size++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (!less(i, parent)) break;
                swap(i, parent);
                i = parent;
            }
        }

        void pop() {
            size--;
            if (size == 0) return;
            rank[0] = rank[size];
            pos[0] = pos[size];
            newId[0] = newId[size];
            int i = 0;
            while (true) {
                int l = 2 * i + 1, r = l + 1, m = i;
                if (l < size && less(l, m)) m = l;
                if (r < size && less(r, m)) m = r;
                if (m == i) break;
                swap(i, m);
                i = m;
            }
        }
    }
}
