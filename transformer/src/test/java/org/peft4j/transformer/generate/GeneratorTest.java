package org.peft4j.transformer.generate;

import org.peft4j.transformer.models.CausalLanguageModel;
import org.peft4j.transformer.models.Golden;
import org.peft4j.transformer.models.Models;
import org.peft4j.transformer.models.TransformerModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Batching, sampling, stopping and streaming behaviour on the tiny golden LLaMA (GQA) and GPT-2. */
class GeneratorTest {
    static TransformerModel llama, gpt2;

    @BeforeAll
    static void load() {
        llama = Models.load(Golden.caseDir("llama-gqa").resolve("model"));
        gpt2 = Models.load(Golden.caseDir("gpt2").resolve("model"));
    }

    @AfterAll
    static void close() {
        llama.close();
        gpt2.close();
    }

    static Generator gen(TransformerModel m) { return new Generator((CausalLanguageModel) m); }

    @Test
    void leftPaddedBatchGivesEachRowItsOwnGreedyTokens() {
        for (TransformerModel m : List.of(llama, gpt2)) {
            long[][] prompts = {{5, 17, 33, 8, 99, 4}, {7, 3}, {12, 40, 41}};
            GenerationConfig cfg = GenerationConfig.greedy(6).withEos(List.of());
            GenerationResult batched = gen(m).generate(prompts, cfg);
            for (int r = 0; r < prompts.length; r++) {
                GenerationResult alone = gen(m).generate(new long[][]{prompts[r]}, cfg);
                assertArrayEquals(alone.newTokens()[0], batched.newTokens()[r], m.architecture() + " row " + r);
            }
        }
    }

    @Test
    void samplingIsReproducibleBySeedAndTopKOneIsGreedy() {
        long[][] p = {{5, 17, 33}};
        Generator g = gen(llama);
        GenerationConfig s = GenerationConfig.sampling(8, 0.9f, 50, 0.95f, 42).withEos(List.of());
        assertArrayEquals(g.generate(p, s).newTokens()[0], g.generate(p, s).newTokens()[0]);
        long[] greedy = g.generate(p, GenerationConfig.greedy(8).withEos(List.of())).newTokens()[0];
        long[] topOne = g.generate(p, GenerationConfig.sampling(8, 1.3f, 1, 1f, 7).withEos(List.of())).newTokens()[0];
        assertArrayEquals(greedy, topOne);
        // different seeds at a high temperature give different draws on a 400-token vocabulary
        GenerationConfig hot = GenerationConfig.sampling(8, 5f, 0, 1f, 1).withEos(List.of());
        GenerationConfig hot2 = GenerationConfig.sampling(8, 5f, 0, 1f, 2).withEos(List.of());
        assertFalse(java.util.Arrays.equals(g.generate(p, hot).newTokens()[0], g.generate(p, hot2).newTokens()[0]));
    }

    @Test
    void stopsAtEosAndStreamsEveryToken() {
        long[][] p = {{5, 17, 33}};
        Generator g = gen(llama);
        long[] free = g.generate(p, GenerationConfig.greedy(8).withEos(List.of())).newTokens()[0];
        int eos = (int) free[2];
        List<Integer> streamed = new ArrayList<>();
        GenerationResult r = g.generate(p, GenerationConfig.greedy(8).withEos(List.of(eos)), (row, id, step) -> streamed.add(id));
        int firstEos = 0;
        while (free[firstEos] != eos) firstEos++;
        assertEquals(firstEos + 1, r.newTokens()[0].length);
        assertEquals("eos", r.finishReasons()[0]);
        assertEquals(streamed.size(), r.newTokens()[0].length);
        for (int i = 0; i < streamed.size(); i++) assertEquals(r.newTokens()[0][i], (long) streamed.get(i));
    }

    @Test
    void repetitionPenaltyChangesRepeatedChoices() {
        long[][] p = {{5, 5, 5, 5}};
        Generator g = gen(gpt2);
        long[] plain = g.generate(p, GenerationConfig.greedy(10).withEos(List.of())).newTokens()[0];
        long[] penalised = g.generate(p, GenerationConfig.greedy(10).withEos(List.of()).withRepetitionPenalty(50f)).newTokens()[0];
        // with a huge penalty no token of the prompt or the output repeats
        java.util.Set<Long> seen = new java.util.HashSet<>(List.of(5L));
        for (long t : penalised) assertTrue(seen.add(t), "token " + t + " repeated under repetition penalty");
        assertNotNull(plain);
    }

    @Test
    void badPromptsAreRefusedWithReasons() {
        Generator g = gen(gpt2);
        var e = assertThrows(IllegalArgumentException.class, () -> g.generate(new long[][]{{1, 600}}, GenerationConfig.greedy(2)));
        assertTrue(e.getMessage().contains("600") && e.getMessage().contains("512"), e.getMessage());
        long[] tooLong = new long[65];
        var e2 = assertThrows(IllegalArgumentException.class, () -> g.generate(new long[][]{tooLong}, GenerationConfig.greedy(2)));
        assertTrue(e2.getMessage().contains("65") && e2.getMessage().contains("64"), e2.getMessage());
    }

    @Test
    void stopsWhenTheContextIsFull() {
        long[] prompt = new long[60];
        GenerationResult r = gen(gpt2).generate(new long[][]{prompt}, GenerationConfig.greedy(20).withEos(List.of()));
        assertEquals(5, r.newTokens()[0].length); // 64 positions: 60 prompt + 4 fed back + 1 last chosen
        assertEquals("context", r.finishReasons()[0]);
    }
}
