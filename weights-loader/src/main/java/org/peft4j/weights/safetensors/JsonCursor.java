package org.peft4j.weights.safetensors;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A strict JSON (RFC 8259) pull reader over the header bytes, in place: no copy of the header, no parser library to
 * initialise, and every error carries the absolute byte offset. Strict as serde_json (the reference reader) is:
 * whitespace is space, tab, CR, LF; no control characters inside strings; no lone surrogates in \\u escapes; no
 * leading zeros; nesting bounded. UTF-8 validity of the whole header is checked once, up front.
 */
final class JsonCursor {
    private static final int MAX_DEPTH = 64;

    private final MemorySegment seg;
    private final long base;     // absolute offset of seg[0] in the file (8: after the length prefix)
    private final String source;
    private long pos;

    JsonCursor(MemorySegment header, long base, String source) throws SafetensorsFormatException {
        this.seg = header;
        this.base = base;
        this.source = source;
        checkUtf8();
    }

    /** Absolute file offset of the next unread byte. */
    long offset() { return base + pos; }

    SafetensorsFormatException error(String problem) {
        return new SafetensorsFormatException(source, null, offset(), "header is not valid UTF-8 JSON: " + problem);
    }

    private int byteAt(long i) { return seg.get(ValueLayout.JAVA_BYTE, i) & 0xff; }

    /** The next non-whitespace byte without consuming it, or -1 at the end. */
    int peek() {
        while (pos < seg.byteSize()) {
            int c = byteAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return c;
            pos++;
        }
        return -1;
    }

    /** Consumes {@code c} (after whitespace) or fails saying what was found instead. */
    void expect(char c) throws SafetensorsFormatException {
        int found = peek();
        if (found != c) throw error("expected '" + c + "', found " + describe(found));
        pos++;
    }

    /** Consumes {@code c} if it is next; false otherwise. */
    boolean consume(char c) {
        if (peek() != c) return false;
        pos++;
        return true;
    }

    static String describe(int c) {
        if (c < 0) return "the end of the header";
        if (c >= 0x20 && c < 0x7f) return "'" + (char) c + "'";
        return String.format("byte 0x%02x", c);
    }

    /** What kind of value comes next, for messages: "an object", "a string", ... */
    String nextKind() {
        int c = peek();
        return switch (c) {
            case '{' -> "an object";
            case '[' -> "an array";
            case '"' -> "a string";
            case 't', 'f' -> "a boolean";
            case 'n' -> "null";
            default -> c == '-' || (c >= '0' && c <= '9') ? "a number" : describe(c);
        };
    }

    String string() throws SafetensorsFormatException {
        expect('"');
        StringBuilder sb = new StringBuilder();
        long n = seg.byteSize();
        while (true) {
            if (pos >= n) throw error("unterminated string");
            int c = byteAt(pos);
            if (c == '"') { pos++; return sb.toString(); }
            if (c < 0x20) throw error("control character " + describe(c) + " inside a string");
            if (c == '\\') {
                pos++;
                if (pos >= n) throw error("unterminated escape");
                int e = byteAt(pos++);
                switch (e) {
                    case '"' -> sb.append('"');
                    case '\\' -> sb.append('\\');
                    case '/' -> sb.append('/');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        char hi = hex4();
                        if (Character.isLowSurrogate(hi)) throw error("lone low surrogate \\u" + Integer.toHexString(hi));
                        if (Character.isHighSurrogate(hi)) {
                            if (pos + 1 >= n || byteAt(pos) != '\\' || byteAt(pos + 1) != 'u') throw error("lone high surrogate \\u" + Integer.toHexString(hi));
                            pos += 2;
                            char lo = hex4();
                            if (!Character.isLowSurrogate(lo)) throw error("high surrogate not followed by a low surrogate");
                            sb.append(hi).append(lo);
                        } else {
                            sb.append(hi);
                        }
                    }
                    default -> { pos--; throw error("invalid escape \\" + (char) e); }
                }
            } else if (c < 0x80) {
                sb.append((char) c);
                pos++;
            } else { // a multi-byte sequence, already validated by checkUtf8
                int len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
                int cp = c & (0xff >> (len + 1));
                for (int k = 1; k < len; k++) cp = (cp << 6) | (byteAt(pos + k) & 0x3f);
                sb.appendCodePoint(cp);
                pos += len;
            }
        }
    }

    private char hex4() throws SafetensorsFormatException {
        if (pos + 4 > seg.byteSize()) throw error("truncated \\u escape");
        int v = 0;
        for (int k = 0; k < 4; k++) {
            int d = Character.digit(byteAt(pos + k), 16);
            if (d < 0) throw error("invalid hex digit in \\u escape");
            v = v * 16 + d;
        }
        pos += 4;
        return (char) v;
    }

    /**
     * A non-negative integer below 2^63 (shape dims, data offsets). Anything else, including valid JSON numbers
     * such as -1, 1.5 or 1e3, is an error naming what was found.
     */
    long nonNegativeLong(String what) throws SafetensorsFormatException {
        int c = peek();
        long start = pos;
        if (c < '0' || c > '9') {
            if (c == '-' || c == '.') { skipValue(0); throw at(start, false, what + " must be non-negative integers, found " + text(start)); }
            throw error("expected " + what + " (a non-negative integer), found " + nextKind());
        }
        long v = 0;
        while (pos < seg.byteSize() && (c = byteAt(pos)) >= '0' && c <= '9') {
            if (v > (Long.MAX_VALUE - (c - '0')) / 10) { skipValue(0); throw at(start, false, what + " " + text(start) + " exceeds 2^63-1"); }
            v = v * 10 + (c - '0');
            pos++;
        }
        if (pos - start > 1 && byteAt(start) == '0') throw at(start, true, "numbers must not have leading zeros, found " + text(start));
        if (pos < seg.byteSize() && (byteAt(pos) == '.' || byteAt(pos) == 'e' || byteAt(pos) == 'E')) {
            pos = start;
            skipValue(0);
            throw at(start, false, what + " must be non-negative integers, found " + text(start));
        }
        return v;
    }

    /** An error at {@code start}: a JSON syntax error, or valid JSON with a value the format does not allow. */
    private SafetensorsFormatException at(long start, boolean syntax, String problem) {
        return new SafetensorsFormatException(source, null, base + start, (syntax ? "header is not valid UTF-8 JSON: " : "") + problem);
    }

    /** The bytes from start to the current position, for messages (shortened). */
    private String text(long start) {
        long len = Math.min(pos - start, 40);
        byte[] b = seg.asSlice(start, len).toArray(ValueLayout.JAVA_BYTE);
        return new String(b, java.nio.charset.StandardCharsets.UTF_8) + (pos - start > 40 ? "..." : "");
    }

    /** Skips one value of any kind (unknown fields are ignored, as the reference implementation does). */
    void skipValue(int depth) throws SafetensorsFormatException {
        if (depth > MAX_DEPTH) throw error("nesting deeper than " + MAX_DEPTH + " levels");
        int c = peek();
        switch (c) {
            case '"' -> string();
            case '{' -> {
                pos++;
                if (consume('}')) return;
                do {
                    string();
                    expect(':');
                    skipValue(depth + 1);
                } while (consume(','));
                expect('}');
            }
            case '[' -> {
                pos++;
                if (consume(']')) return;
                do skipValue(depth + 1); while (consume(','));
                expect(']');
            }
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) number();
                else throw error("expected a value, found " + describe(c));
            }
        }
    }

    /** Consumes "null" if it is next. */
    boolean consumeNull() throws SafetensorsFormatException {
        if (peek() != 'n') return false;
        literal("null");
        return true;
    }

    private void literal(String word) throws SafetensorsFormatException {
        for (int k = 0; k < word.length(); k++) {
            if (pos + k >= seg.byteSize() || byteAt(pos + k) != word.charAt(k)) throw error("invalid literal, expected " + word);
        }
        pos += word.length();
    }

    /** Any JSON number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
    private void number() throws SafetensorsFormatException {
        long n = seg.byteSize();
        if (byteAt(pos) == '-') pos++;
        if (pos >= n || !isDigit(byteAt(pos))) throw error("invalid number");
        if (byteAt(pos) == '0') pos++;
        else while (pos < n && isDigit(byteAt(pos))) pos++;
        if (pos < n && byteAt(pos) == '.') {
            pos++;
            if (pos >= n || !isDigit(byteAt(pos))) throw error("invalid number: digits must follow '.'");
            while (pos < n && isDigit(byteAt(pos))) pos++;
        }
        if (pos < n && (byteAt(pos) == 'e' || byteAt(pos) == 'E')) {
            pos++;
            if (pos < n && (byteAt(pos) == '+' || byteAt(pos) == '-')) pos++;
            if (pos >= n || !isDigit(byteAt(pos))) throw error("invalid number: digits must follow the exponent");
            while (pos < n && isDigit(byteAt(pos))) pos++;
        }
    }

    private static boolean isDigit(int c) { return c >= '0' && c <= '9'; }

    /** Rejects invalid UTF-8 anywhere in the header (overlongs, surrogates, code points past U+10FFFF, truncation). */
    private void checkUtf8() throws SafetensorsFormatException {
        long n = seg.byteSize();
        for (long i = 0; i < n; ) {
            int c = byteAt(i);
            if (c < 0x80) { i++; continue; }
            int len;
            int min;
            if (c >= 0xc2 && c <= 0xdf) { len = 2; min = 0x80; }
            else if (c >= 0xe0 && c <= 0xef) { len = 3; min = 0x800; }
            else if (c >= 0xf0 && c <= 0xf4) { len = 4; min = 0x10000; }
            else throw new SafetensorsFormatException(source, null, base + i, "header is not valid UTF-8 JSON: invalid UTF-8 byte " + describe(c));
            if (i + len > n) throw new SafetensorsFormatException(source, null, base + i, "header is not valid UTF-8 JSON: truncated UTF-8 sequence");
            int cp = c & (0xff >> (len + 1));
            for (int k = 1; k < len; k++) {
                int b = byteAt(i + k);
                if ((b & 0xc0) != 0x80) throw new SafetensorsFormatException(source, null, base + i + k, "header is not valid UTF-8 JSON: invalid UTF-8 continuation byte " + describe(b));
                cp = (cp << 6) | (b & 0x3f);
            }
            if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
                throw new SafetensorsFormatException(source, null, base + i, "header is not valid UTF-8 JSON: invalid UTF-8 sequence for U+" + Integer.toHexString(cp));
            i += len;
        }
    }
}
