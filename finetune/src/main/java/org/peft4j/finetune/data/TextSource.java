package org.peft4j.finetune.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads a text file as strictly decoded UTF-8 lines. Gzip is recognised by its magic bytes (not
 * by the name), a leading byte-order mark is dropped, and a CR before the LF is removed. A byte
 * sequence that is not UTF-8 is an error naming the file and the line, never a replacement char.
 */
public final class TextSource {
    private TextSource() {}

    /** The lines of {@code file}; a final line break does not add an empty last line. */
    public static List<String> readLines(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return decodeLines(bytes, file.toString());
    }

    /** The lines of a classpath resource (see {@link #readLines(Path)} for the rules). */
    public static List<String> readResource(Class<?> anchor, String resource) {
        String name = "classpath:" + (resource.startsWith("/") ? resource.substring(1) : resource);
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new DatasetFormatException(name, 0, "resource not found");
            }
            return decodeLines(in.readAllBytes(), name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read classpath resource " + resource, e);
        }
    }

    /** Splits raw (possibly gzipped) bytes into decoded lines; {@code source} names them in errors. */
    public static List<String> decodeLines(byte[] raw, String source) {
        byte[] bytes = isGzip(raw) ? gunzip(raw, source) : raw;
        if (bytes.length == 0) {
            throw new DatasetFormatException(source, 0, "the file is empty (expected at least one line)");
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        List<String> lines = new ArrayList<>();
        int start = 0;
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF) {
            start = 3;
        }
        while (start < bytes.length) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            int contentEnd = (end > start && bytes[end - 1] == '\r') ? end - 1 : end;
            lines.add(decode(decoder, bytes, start, contentEnd, source, lines.size() + 1));
            start = end + 1;
        }
        if (lines.isEmpty()) {
            throw new DatasetFormatException(source, 0, "the file is empty (expected at least one line)");
        }
        return lines;
    }

    private static String decode(CharsetDecoder decoder, byte[] bytes, int from, int to, String source, long line) {
        try {
            CharBuffer chars = decoder.reset().decode(ByteBuffer.wrap(bytes, from, to - from));
            return chars.toString();
        } catch (CharacterCodingException e) {
            int bad = firstBadByte(bytes, from, to);
            throw new DatasetFormatException(source, line, String.format(
                    "bytes are not valid UTF-8 (first bad byte 0x%02X at column %d); re-encode the file as UTF-8",
                    bytes[bad] & 0xff, bad - from + 1), e);
        }
    }

    /** Finds the first byte of the first malformed sequence, for the error message. */
    private static int firstBadByte(byte[] bytes, int from, int to) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, from, to - from);
        CharBuffer out = CharBuffer.allocate(to - from + 1);
        d.decode(in, out, true);
        return Math.min(in.position(), to - 1);
    }

    private static boolean isGzip(byte[] raw) {
        return raw.length >= 2 && (raw[0] & 0xff) == 0x1f && (raw[1] & 0xff) == 0x8b;
    }

    private static byte[] gunzip(byte[] raw, String source) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new DatasetFormatException(source, 0, "starts like gzip but cannot be decompressed: " + e.getMessage(), e);
        }
    }
}
