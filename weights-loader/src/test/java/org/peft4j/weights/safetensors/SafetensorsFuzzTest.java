package org.peft4j.weights.safetensors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.peft4j.tensor.Tensor;
import org.peft4j.weights.TestData;

/**
 * Mutates golden files (truncate, bit flips, byte overwrites, splices, insertions, deletions, new length prefixes)
 * over thousands of seeded cases. Each must end in a {@link SafetensorsFormatException} or in a valid read whose
 * every tensor is readable; anything else (another exception, OOM, a hang) fails the test naming the seed.
 */
class SafetensorsFuzzTest {
    private static final int CASES = 6000;
    private static final int FILE_CASES = 100;
    private static final byte[] INTERESTING = "{}[]\",:0123456789-.eE \u0000\u00ff".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

    @TempDir Path tmp;

    static List<byte[]> corpus() throws Exception {
        List<byte[]> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(TestData.golden())) {
            for (Path p : s.filter(p -> p.toString().endsWith(".safetensors")).sorted().toList())
                if (Files.size(p) <= 120_000) out.add(Files.readAllBytes(p));
        }
        out.add(SafetensorsWriter.toBytes(SafetensorsRoundTripTest.everyDtype(new Random(3)), Map.of("format", "pt", "k", "v")));
        return out;
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS) // a hang guard only: the whole run takes a few seconds
    void mutatedFilesEitherFailCleanlyOrReadValidly() throws Exception {
        List<byte[]> corpus = corpus();
        assertTrue(corpus.size() >= 10, "corpus of " + corpus.size() + " files");
        int valid = 0, rejected = 0;
        for (int seed = 0; seed < CASES; seed++) {
            byte[] bytes = mutate(corpus, new Random(seed));
            if (check(bytes, seed, null)) valid++; else rejected++;
        }
        for (int seed = CASES; seed < CASES + FILE_CASES; seed++) {
            Path file = tmp.resolve("fuzz.safetensors");
            Files.write(file, mutate(corpus, new Random(seed)));
            if (check(null, seed, file)) valid++; else rejected++;
        }
        // the mutations must exercise both outcomes, or the fuzzer tests nothing
        assertTrue(valid > (CASES + FILE_CASES) / 50, "only " + valid + " mutated files were still valid");
        assertTrue(rejected > (CASES + FILE_CASES) / 2, "only " + rejected + " mutated files were rejected");
    }

    /** true = read validly, false = rejected with the typed exception. */
    private static boolean check(byte[] bytes, int seed, Path file) {
        try (SafetensorsFile f = file == null ? SafetensorsFile.fromBytes(bytes) : SafetensorsFile.open(file)) {
            long covered = 0;
            for (TensorInfo info : f.infos()) {
                covered += info.byteSize();
                assertTrue(info.fileOffset() >= 8 + f.headerLength() && info.fileOffset() + info.byteSize() <= f.byteSize());
                Tensor t = f.tensor(info.name());
                assertEquals(info.numel(), t.numel());
                if (t.numel() > 0) { t.storage().getFloat(t.elementIndex(0)); t.storage().getFloat(t.elementIndex(t.numel() - 1)); }
            }
            assertEquals(f.dataLength(), covered, "seed " + seed + ": tensors cover the data section");
            return true;
        } catch (SafetensorsFormatException e) {
            assertNotNull(e.source());
            assertTrue(e.getMessage().length() > e.source().length(), "seed " + seed + ": message says what is wrong");
            return false;
        } catch (Throwable t) {
            fail("seed " + seed + " (" + (file == null ? "bytes" : "file") + "): expected SafetensorsFormatException or a valid read, got " + t, t);
            return false;
        }
    }

    static byte[] mutate(List<byte[]> corpus, Random rng) {
        byte[] src = corpus.get(rng.nextInt(corpus.size()));
        long headerEnd = Math.min(src.length, 8 + ByteBuffer.wrap(src).order(ByteOrder.LITTLE_ENDIAN).getLong(0));
        byte[] b = src.clone();
        int rounds = 1 + rng.nextInt(3);
        for (int r = 0; r < rounds; r++) {
            // most damage goes to the header, where the parser's decisions are; the rest to lengths and data
            int hdr = (int) Math.min(headerEnd, b.length);
            int at = b.length == 0 ? 0 : rng.nextInt(10) < 6 && hdr > 8 ? 8 + rng.nextInt(hdr - 8) : rng.nextInt(b.length);
            switch (rng.nextInt(8)) {
                case 0 -> b = Arrays.copyOf(b, rng.nextInt(b.length + 1)); // truncate
                case 1 -> { if (b.length > 0) b[Math.min(at, b.length - 1)] ^= (byte) (1 << rng.nextInt(8)); } // bit flip
                case 2 -> { if (b.length > 0) b[Math.min(at, b.length - 1)] = INTERESTING[rng.nextInt(INTERESTING.length)]; }
                case 3 -> { // splice: overwrite with a chunk of another file
                    byte[] other = corpus.get(rng.nextInt(corpus.size()));
                    int from = rng.nextInt(other.length), len = Math.min(1 + rng.nextInt(64), other.length - from);
                    int to = Math.min(at, Math.max(0, b.length - len));
                    if (len <= b.length) System.arraycopy(other, from, b, to, len);
                }
                case 4 -> { // insert a chunk of the header (shifts everything after it)
                    int len = 1 + rng.nextInt(16), from = rng.nextInt(Math.max(1, (int) headerEnd));
                    byte[] chunk = Arrays.copyOfRange(b, Math.min(from, b.length), Math.min(from + len, b.length));
                    b = insert(b, Math.min(at, b.length), chunk);
                }
                case 5 -> { // delete a few bytes
                    int len = Math.min(1 + rng.nextInt(16), b.length - Math.min(at, b.length));
                    int p = Math.min(at, b.length);
                    byte[] out = new byte[b.length - len];
                    System.arraycopy(b, 0, out, 0, p);
                    System.arraycopy(b, p + len, out, p, b.length - p - len);
                    b = out;
                }
                case 6 -> { // a new length prefix: near the old one, or anything
                    if (b.length >= 8) {
                        long old = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
                        long v = rng.nextBoolean() ? old + rng.nextInt(33) - 16 : rng.nextLong();
                        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, v);
                    }
                }
                default -> { // duplicate a single character (turns 12 into 112, "a" into "aa", ...)
                    if (b.length > 0) { int p = Math.min(at, b.length - 1); b = insert(b, p, new byte[]{b[p]}); }
                }
            }
        }
        return b;
    }

    private static byte[] insert(byte[] b, int at, byte[] chunk) {
        byte[] out = new byte[b.length + chunk.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(chunk, 0, out, at, chunk.length);
        System.arraycopy(b, at, out, at + chunk.length, b.length - at);
        return out;
    }
}
