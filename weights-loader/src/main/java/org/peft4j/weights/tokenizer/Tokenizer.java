package org.peft4j.weights.tokenizer;

import org.peft4j.weights.tokenizer.decoder.Decoder;
import org.peft4j.weights.tokenizer.model.Model;
import org.peft4j.weights.tokenizer.normalizer.Normalizer;
import org.peft4j.weights.tokenizer.pretokenizer.PreTokenizer;
import org.peft4j.weights.tokenizer.processor.PostProcessor;
import org.peft4j.weights.tokenizer.text.PreTokenizedString;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Hugging Face {@code tokenizer.json} tokenizer: added tokens, normalizer, pre-tokenizer, model,
 * post-processor and decoder, reproducing the Rust tokenizers library's results (ids, tokens, type ids,
 * masks, offsets, decoded text).
 *
 * <p>Immutable and thread-safe. Truncation and padding start as the file sets them and can be replaced
 * with {@link #withTruncation} / {@link #withPadding} (transformers' tokenizers ignore the file's values
 * and set them per call; pass null to turn them off).
 *
 * <p>Offsets are UTF-16 indices into the Java input strings.
 */
public final class Tokenizer {
    private final Normalizer normalizer;
    private final PreTokenizer preTokenizer;
    private final Model model;
    private final PostProcessor postProcessor;
    private final Decoder decoder;
    private final AddedVocabulary added;
    private final TruncationParams truncation;
    private final PaddingParams padding;

    Tokenizer(Normalizer normalizer, PreTokenizer preTokenizer, Model model, PostProcessor postProcessor,
              Decoder decoder, AddedVocabulary added, TruncationParams truncation, PaddingParams padding) {
        this.normalizer = normalizer;
        this.preTokenizer = preTokenizer;
        this.model = model;
        this.postProcessor = postProcessor;
        this.decoder = decoder;
        this.added = added;
        this.truncation = truncation;
        this.padding = padding;
    }

    /** Loads a tokenizer.json file, or the tokenizer.json inside a model directory. */
    public static Tokenizer fromFile(Path path) throws IOException {
        Path file = Files.isDirectory(path) ? path.resolve("tokenizer.json") : path;
        if (!Files.isRegularFile(file)) throw new IOException("no tokenizer file at " + file);
        try {
            return fromJson(Files.readString(file));
        } catch (TokenizerFormatException e) {
            throw new TokenizerFormatException(e.path(), e.detail() + " (file " + file + ")", e);
        }
    }

    /** Parses the text of a tokenizer.json. */
    public static Tokenizer fromJson(String json) {
        return TokenizerJson.parse(json);
    }

    // ---------------------------------------------------------------- configuration

    /** A copy with other truncation settings (null: no truncation). */
    public Tokenizer withTruncation(TruncationParams params) {
        return new Tokenizer(normalizer, preTokenizer, model, postProcessor, decoder, added, params, padding);
    }

    /** A copy with other padding settings (null: no padding). */
    public Tokenizer withPadding(PaddingParams params) {
        return new Tokenizer(normalizer, preTokenizer, model, postProcessor, decoder, added, truncation, params);
    }

    public TruncationParams truncation() {
        return truncation;
    }

    public PaddingParams padding() {
        return padding;
    }

    /** The pad id of the padding settings, or -1 without padding. */
    public int padId() {
        return padding == null ? -1 : padding.padId();
    }

    public List<AddedToken> addedTokens() {
        return added.tokens();
    }

    // ---------------------------------------------------------------- vocabulary

    /** Id of a token (added tokens first, then the model's vocabulary), or -1. */
    public int tokenToId(String token) {
        AddedToken t = added.byContent(token);
        return t != null ? t.id() : model.tokenToId(token);
    }

    /** Token string of an id (added tokens first), or null. */
    public String idToToken(int id) {
        AddedToken t = added.byId(id);
        return t != null ? t.content() : model.idToToken(id);
    }

    /** Number of distinct tokens, added tokens included. */
    public int vocabSize() {
        return model.vocabSize() + added.countNotIn(model);
    }

    /** Token to id for the model's vocabulary and the added tokens. */
    public Map<String, Integer> vocab() {
        Map<String, Integer> out = new HashMap<>(model.vocab());
        for (AddedToken t : added.tokens()) out.put(t.content(), t.id());
        return out;
    }

    // ---------------------------------------------------------------- encoding

    public Encoding encode(String text) {
        return encode(text, null, true);
    }

    public Encoding encode(String text, String pair) {
        return encode(text, pair, true);
    }

    /** Encodes a text, or a pair when {@code pair} is not null, with or without the special tokens. */
    public Encoding encode(String text, String pair, boolean addSpecialTokens) {
        if (text == null) throw new IllegalArgumentException("text must not be null");
        Encoding a = encodeSequence(text, 0);
        Encoding b = pair == null ? null : encodeSequence(pair, 1);
        return postProcess(a, b, addSpecialTokens);
    }

    /** A text and an optional second text. */
    public record TextPair(String text, String pair) {
    }

    public List<Encoding> encodeBatch(List<String> texts) {
        return encodeBatch(texts, true);
    }

    public List<Encoding> encodeBatch(List<String> texts, boolean addSpecialTokens) {
        List<TextPair> pairs = new ArrayList<>(texts.size());
        for (String t : texts) pairs.add(new TextPair(t, null));
        return encodeBatchPairs(pairs, addSpecialTokens);
    }

    /** Encodes each input; with padding, all are padded to the same length (the longest, or the fixed one). */
    public List<Encoding> encodeBatchPairs(List<TextPair> inputs, boolean addSpecialTokens) {
        List<Encoding> out = new ArrayList<>(inputs.size());
        for (TextPair p : inputs) out.add(encode(p.text(), p.pair(), addSpecialTokens));
        if (padding == null || out.isEmpty()) return out;
        int target = padTarget(out);
        out.replaceAll(e -> e.pad(target, padding.padId(), padding.padTypeId(), padding.padToken(), padding.direction()));
        return out;
    }

    private Encoding encodeSequence(String text, int typeId) {
        PreTokenizedString pts = added.extractAndNormalize(normalizer, text);
        if (preTokenizer != null) preTokenizer.preTokenize(pts);
        return SequenceTokens.encode(pts, model, typeId);
    }

    private Encoding postProcess(Encoding a, Encoding b, boolean addSpecialTokens) {
        if (truncation != null) {
            int nAdded = addSpecialTokens && postProcessor != null ? postProcessor.addedTokens(b != null) : 0;
            int max = truncation.maxLength() - nAdded;
            if (max < 0) {
                throw new IllegalArgumentException("truncation max_length " + truncation.maxLength()
                        + " is smaller than the " + nAdded + " special tokens the post-processor adds");
            }
            Encoding[] cut = Truncation.truncate(a, b, max, truncation);
            a = cut[0];
            b = cut[1];
        }
        Encoding result;
        if (postProcessor != null) {
            result = postProcessor.process(a, b, addSpecialTokens);
        } else if (b == null) {
            result = a;
        } else {
            result = Encoding.merge(List.of(a.withSequenceId(0), b.withSequenceId(1)), false);
        }
        if (padding != null) {
            result = result.pad(padTarget(List.of(result)), padding.padId(), padding.padTypeId(), padding.padToken(),
                    padding.direction());
        }
        return result;
    }

    private int padTarget(List<Encoding> encodings) {
        int target = padding.fixedLength();
        if (padding.batchLongest()) {
            for (Encoding e : encodings) target = Math.max(target, e.length());
        }
        int m = padding.padToMultipleOf();
        if (m > 0 && target % m > 0) target += m - target % m;
        return target;
    }

    // ---------------------------------------------------------------- decoding

    /** Token strings of the ids through the decoder; special added tokens are left out on request. */
    public String decode(int[] ids, boolean skipSpecialTokens) {
        List<String> tokens = new ArrayList<>(ids.length);
        for (int id : ids) {
            String t = idToToken(id);
            if (t == null) continue;
            if (skipSpecialTokens && added.isSpecial(t)) continue;
            tokens.add(t);
        }
        return decoder != null ? decoder.decode(tokens) : String.join(" ", tokens);
    }

    /**
     * {@link #decode(int[], boolean)}, then, with {@code cleanUpTokenizationSpaces}, transformers'
     * {@code clean_up_tokenization} (removes the space before punctuation and English contractions).
     */
    public String decode(int[] ids, boolean skipSpecialTokens, boolean cleanUpTokenizationSpaces) {
        String text = decode(ids, skipSpecialTokens);
        return cleanUpTokenizationSpaces ? cleanUpTokenization(text) : text;
    }

    public List<String> decodeBatch(List<int[]> sequences, boolean skipSpecialTokens) {
        List<String> out = new ArrayList<>(sequences.size());
        for (int[] ids : sequences) out.add(decode(ids, skipSpecialTokens));
        return out;
    }

    /** transformers' {@code PreTrainedTokenizerBase.clean_up_tokenization}. */
    public static String cleanUpTokenization(String text) {
        return text.replace(" .", ".").replace(" ?", "?").replace(" !", "!").replace(" ,", ",")
                .replace(" ' ", "'").replace(" n't", "n't").replace(" 'm", "'m").replace(" 's", "'s")
                .replace(" 've", "'ve").replace(" 're", "'re");
    }
}
