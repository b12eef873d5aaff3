package org.peft4j.weights.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Reads fixtures/golden/tokenizers/NAME/cases.jsonl and loads the tokenizers they were made with. */
final class GoldenCases {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Map<Path, Tokenizer> LOADED = new ConcurrentHashMap<>();

    private GoldenCases() {
    }

    static Path dir(String name) {
        String fixtures = System.getProperty("peft4j.fixtures");
        Assumptions.assumeTrue(fixtures != null, "system property peft4j.fixtures is not set (run through Maven)");
        Path d = Path.of(fixtures, "golden", "tokenizers", name);
        Assumptions.assumeTrue(Files.isDirectory(d), "golden tokenizer fixtures missing: " + d);
        return d;
    }

    static List<JsonNode> cases(String name) {
        Path file = dir(name).resolve("cases.jsonl");
        try {
            List<JsonNode> out = new ArrayList<>();
            for (String line : Files.readAllLines(file)) if (!line.isBlank()) out.add(MAPPER.readTree(line));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The gpt2 tokenizer.json as older releases wrote it: no "type" in the model, none of the fields added
     * later (byte_fallback, ignore_merges, use_regex).
     */
    static Tokenizer gpt2OldLayout() {
        return LOADED.computeIfAbsent(dir("gpt2").resolve("old-layout"), k -> {
            try {
                com.fasterxml.jackson.databind.node.ObjectNode root =
                        (com.fasterxml.jackson.databind.node.ObjectNode) MAPPER.readTree(dir("gpt2").resolve("tokenizer.json").toFile());
                com.fasterxml.jackson.databind.node.ObjectNode model = (com.fasterxml.jackson.databind.node.ObjectNode) root.get("model");
                model.remove(List.of("type", "byte_fallback", "ignore_merges"));
                for (String c : List.of("pre_tokenizer", "post_processor", "decoder")) {
                    ((com.fasterxml.jackson.databind.node.ObjectNode) root.get(c)).remove("use_regex");
                }
                return Tokenizer.fromJson(MAPPER.writeValueAsString(root));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    static Tokenizer tokenizer(String name, String file) {
        Path p = dir(name).resolve(file);
        return LOADED.computeIfAbsent(p, k -> {
            try {
                return Tokenizer.fromFile(k);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
