package org.peft4j.weights.tokenizer.processor;

import org.peft4j.weights.tokenizer.Encoding;
import org.peft4j.weights.tokenizer.text.CharClasses;

import java.util.ArrayList;
import java.util.List;

/**
 * Byte-level offset trimming: a token's offsets lose its leading and trailing spaces ('Ġ' or real white
 * space), as the Rust library's {@code process_offsets} does.
 */
final class OffsetTrimming {
    private static final int G_SPACE = 0x120; // 'Ġ', the byte alphabet's space

    private OffsetTrimming() {
    }

    static Encoding trim(Encoding e, boolean addPrefixSpace) {
        int n = e.length();
        int[] starts = new int[n];
        int[] ends = new int[n];
        for (int i = 0; i < n; i++) {
            String token = e.token(i);
            int s = e.offsetStart(i), end = e.offsetEnd(i);
            int leading = 0;
            for (int k = 0; k < token.length(); ) {
                int cp = token.codePointAt(k);
                if (!isSpace(cp)) break;
                leading++;
                k += Character.charCount(cp);
            }
            int trailing = 0;
            for (int k = token.length(); k > 0; ) {
                int cp = token.codePointBefore(k);
                if (!isSpace(cp)) break;
                trailing++;
                k -= Character.charCount(cp);
            }
            if (leading > 0) {
                boolean isFirst = i == 0 || s == 0;
                if (isFirst && addPrefixSpace && leading == 1) leading = 0;
                s = Math.min(s + leading, end);
            }
            if (trailing > 0 && end >= trailing) end = Math.max(end - trailing, s);
            starts[i] = s;
            ends[i] = end;
        }
        Encoding out = e.withOffsets(starts, ends);
        if (e.overflowing().isEmpty()) return out;
        List<Encoding> over = new ArrayList<>();
        for (Encoding o : e.overflowing()) over.add(trim(o, addPrefixSpace));
        return out.withOverflowing(over);
    }

    private static boolean isSpace(int cp) {
        return cp == G_SPACE || CharClasses.isWhitespace(cp);
    }
}
