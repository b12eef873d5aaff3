package org.peft4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.peft4j.transformer.generate.GenerationConfig;
import org.peft4j.transformer.generate.GenerationResult;
import org.peft4j.transformer.generate.Generator;
import org.peft4j.transformer.generate.TokenListener;
import org.peft4j.transformer.models.CausalLanguageModel;
import org.peft4j.transformer.models.Models;
import org.peft4j.transformer.models.TransformerModel;
import org.peft4j.weights.tokenizer.Tokenizer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * `peft4j generate`: continues a prompt with a GPT-2 or LLaMA folder. Streams the new text to stdout as it is
 * produced (ids when the folder has no tokenizer.json); with --json prints one object at the end instead.
 * Greedy unless --temperature, --top-k or --top-p ask for sampling.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generates text from a prompt with a causal language model (GPT-2, LLaMA), KV-cached.")
public final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "Hugging Face model folder") Path model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Prompt prompt;

    static final class Prompt {
        @Option(names = "--prompt", description = "prompt text (needs tokenizer.json in the model folder)") String text;
        @Option(names = "--prompt-ids", split = ",", description = "prompt token ids, comma separated") long[] ids;
    }

    @Option(names = "--max-new-tokens", required = true, description = "tokens to generate at most") int maxNewTokens;
    @Option(names = "--greedy", description = "argmax decoding (the default)") boolean greedy;
    @Option(names = "--temperature", description = "sampling temperature (> 0)") Float temperature;
    @Option(names = "--top-k", description = "sample among the k most likely tokens") Integer topK;
    @Option(names = "--top-p", description = "sample from the smallest set of tokens whose probability reaches p") Float topP;
    @Option(names = "--seed", defaultValue = "0", description = "sampling seed (default ${DEFAULT-VALUE})") long seed;
    @Option(names = "--repetition-penalty", defaultValue = "1.0", description = "CTRL repetition penalty (1 = off)") float repetitionPenalty;
    @Option(names = "--no-eos", description = "do not stop at the end-of-sequence token") boolean noEos;
    @Mixin TraceOption trace;
    @Option(names = "--json", description = "print {\"ids\":[...],\"text\":...,\"tokens_per_s\":...} at the end instead of streaming") boolean json;

    @Override
    public Integer call() {
        return CommandErrors.run("generate", () -> {
            boolean sampling = temperature != null || topK != null || topP != null;
            if (greedy && sampling) throw new IllegalArgumentException("--greedy cannot be combined with --temperature, --top-k or --top-p");
            GenerationConfig cfg = sampling
                    ? GenerationConfig.sampling(maxNewTokens, temperature == null ? 1f : temperature, topK == null ? 0 : topK, topP == null ? 1f : topP, seed)
                    : GenerationConfig.greedy(maxNewTokens);
            cfg = cfg.withRepetitionPenalty(repetitionPenalty);
            if (noEos) cfg = cfg.withEos(List.of());
            try (TransformerModel m = Models.load(model)) {
                if (!(m instanceof CausalLanguageModel lm))
                    throw new IllegalArgumentException(model + ": " + m.architecture() + " is not a causal language model (expected GPT2LMHeadModel or LlamaForCausalLM)");
                Tokenizer tok = tokenizer();
                long[] promptIds = prompt.ids != null ? prompt.ids : encode(tok, prompt.text);
                PrintStream out = System.out;
                TextStream stream = new TextStream(tok, out);
                GenerationConfig config = cfg;
                GenerationResult r = trace.traced(() -> new Generator(lm).generate(new long[][]{promptIds}, config, json ? TokenListener.NONE : stream));
                long[] ids = r.newTokens()[0];
                if (json) {
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("ids", ids);
                    line.put("text", tok == null ? null : tok.decode(toInts(ids), true));
                    line.put("tokens_per_s", Math.round(r.tokensPerSecond() * 100) / 100.0);
                    line.put("prompt_ids", promptIds);
                    line.put("finish_reason", r.finishReasons()[0]);
                    out.println(new ObjectMapper().writeValueAsString(line));
                } else {
                    stream.finish();
                    out.println();
                }
                out.flush();
            }
            return 0;
        });
    }

    private Tokenizer tokenizer() throws IOException {
        Path f = model.resolve("tokenizer.json");
        return Files.isRegularFile(f) ? Tokenizer.fromFile(f) : null;
    }

    private long[] encode(Tokenizer tok, String text) {
        if (tok == null) throw new IllegalArgumentException(model + ": --prompt needs " + model.resolve("tokenizer.json") + " (not found); pass --prompt-ids instead");
        int[] ids = tok.encode(text).ids();
        if (ids.length == 0) throw new IllegalArgumentException("--prompt: the text encodes to no tokens");
        return Arrays.stream(ids).asLongStream().toArray();
    }

    /**
     * Prints each new piece of text as soon as it decodes cleanly (ids, space separated, without a tokenizer). A
     * character split across tokens decodes to U+FFFD until its last byte arrives, so text ending in U+FFFD waits;
     * {@link #finish} prints whatever is still held back.
     */
    private static final class TextStream implements TokenListener {
        private final Tokenizer tok;
        private final PrintStream out;
        private final List<Integer> ids = new ArrayList<>();
        private String printed = "";

        TextStream(Tokenizer tok, PrintStream out) {
            this.tok = tok;
            this.out = out;
        }

        @Override
        public void onToken(int row, int id, int step) {
            if (tok == null) {
                out.print((step == 0 ? "" : " ") + id);
                out.flush();
                return;
            }
            ids.add(id);
            emit(false);
        }

        void finish() { if (tok != null) emit(true); }

        private void emit(boolean last) {
            String text = tok.decode(ids.stream().mapToInt(Integer::intValue).toArray(), true);
            if (!text.startsWith(printed) || (!last && text.endsWith("\uFFFD"))) return;
            out.print(text.substring(printed.length()));
            out.flush();
            printed = text;
        }
    }

    private static int[] toInts(long[] ids) {
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) out[i] = Math.toIntExact(ids[i]);
        return out;
    }
}
