package org.peft4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.peft4j.weights.tokenizer.Encoding;
import org.peft4j.weights.tokenizer.PaddingParams;
import org.peft4j.weights.tokenizer.Tokenizer;
import org.peft4j.weights.tokenizer.TokenizerFormatException;
import org.peft4j.weights.tokenizer.TruncationParams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code peft4j tokenize --model DIR --text "..." [--pair "..."] [--json]}: runs the tokenizer.json of a
 * model folder and prints ids, tokens and the decoded text. Like transformers, it ignores the truncation
 * and padding stored in the file unless asked ({@code --max-length}, {@code --pad-to}).
 */
@Command(name = "tokenize", mixinStandardHelpOptions = true,
        description = "Tokenize a text (or a pair) with a model folder's tokenizer.json and print ids, tokens and the decoded text.")
public final class TokenizeCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "model folder holding tokenizer.json (or the file itself)")
    Path model;

    @Option(names = "--text", required = true, description = "text to tokenize")
    String text;

    @Option(names = "--pair", description = "second text of a pair")
    String pair;

    @Option(names = "--json", description = "print one JSON object instead of text")
    boolean json;

    @Option(names = "--no-special", description = "do not add the special tokens ([CLS], <s>, ...)")
    boolean noSpecial;

    @Option(names = "--max-length", description = "truncate (longest first) to this many tokens, special tokens included")
    Integer maxLength;

    @Option(names = "--pad-to", description = "pad to this many tokens with the tokenizer's padding token (from the file's padding, else --pad-token)")
    Integer padTo;

    @Option(names = "--pad-token", description = "padding token when the file sets none (default: ${DEFAULT-VALUE})", defaultValue = "[PAD]")
    String padToken;

    @Option(names = "--keep-special-in-decode", description = "keep special tokens in the decoded text")
    boolean keepSpecial;

    PrintStream out = System.out;
    PrintStream err = System.err;

    @Override
    public Integer call() throws Exception {
        Tokenizer tok;
        try {
            tok = Tokenizer.fromFile(model);
        } catch (IOException | TokenizerFormatException e) {
            err.println("peft4j tokenize: " + e.getMessage());
            return 1;
        }
        PaddingParams filePadding = tok.padding();
        tok = tok.withTruncation(maxLength == null ? null : TruncationParams.longestFirst(maxLength)).withPadding(null);
        if (padTo != null) {
            String token = filePadding != null ? filePadding.padToken() : padToken;
            int id = tok.tokenToId(token);
            if (id < 0) {
                err.println("peft4j tokenize: padding token \"" + token + "\" is not in the vocabulary; pass --pad-token");
                return 1;
            }
            tok = tok.withPadding(PaddingParams.fixed(padTo, id, token));
        }
        Encoding e = tok.encode(text, pair, !noSpecial);
        int[] ids = e.ids();
        String decoded = tok.decode(ids, !keepSpecial);
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("ids", ids);
            o.put("tokens", e.tokens());
            o.put("type_ids", e.typeIds());
            o.put("attention_mask", e.attentionMask());
            o.put("special_tokens_mask", e.specialTokensMask());
            o.put("offsets", e.offsets());
            o.put("decoded", decoded);
            out.println(new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(o));
        } else {
            out.println("ids:      " + Arrays.toString(ids));
            out.println("tokens:   " + Arrays.toString(e.tokens()));
            out.println("type ids: " + Arrays.toString(e.typeIds()));
            out.println("offsets:  " + Arrays.deepToString(e.offsets()));
            out.println("decoded:  " + decoded);
        }
        return 0;
    }
}
