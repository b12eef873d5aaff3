package org.peft4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenizeCommandTest {
    private static Path bertDir() {
        String fixtures = System.getProperty("peft4j.fixtures");
        Assumptions.assumeTrue(fixtures != null, "peft4j.fixtures not set");
        Path dir = Path.of(fixtures, "golden", "tokenizers", "bert-minilm");
        Assumptions.assumeTrue(Files.isDirectory(dir), "missing " + dir);
        return dir;
    }

    private static String[] run(String... args) {
        TokenizeCommand cmd = new TokenizeCommand();
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        cmd.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        cmd.err = new PrintStream(err, true, StandardCharsets.UTF_8);
        int rc = new CommandLine(cmd).execute(args);
        return new String[]{String.valueOf(rc), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void printsIdsTokensAndDecodedText() {
        // ids of "Hello world" from the golden case bert-minilm/plain-01
        String[] r = run("--model", bertDir().toString(), "--text", "Hello world");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("ids:      [101, 7592, 2088, 102]"), r[1]);
        assertTrue(r[1].contains("tokens:   [[CLS], hello, world, [SEP]]"), r[1]);
        assertTrue(r[1].contains("decoded:  hello world"), r[1]);
    }

    @Test
    void jsonOutputForAPair() throws Exception {
        // golden case bert-minilm/pair-01
        String[] r = run("--model", bertDir().toString(), "--text", "How old are you?", "--pair", "I am six years old.", "--json");
        assertEquals("0", r[0], r[2]);
        JsonNode o = new ObjectMapper().readTree(r[1]);
        assertEquals("[101,2129,2214,2024,2017,1029,102,1045,2572,2416,2086,2214,1012,102]", o.get("ids").toString());
        assertEquals("[0,0,0,0,0,0,0,1,1,1,1,1,1,1]", o.get("type_ids").toString());
        assertEquals("how old are you? i am six years old.", o.get("decoded").asText());
    }

    @Test
    void missingTokenizerIsAClearError(@org.junit.jupiter.api.io.TempDir Path dir) {
        String[] r = run("--model", dir.toString(), "--text", "x");
        assertEquals("1", r[0]);
        assertTrue(r[2].contains("no tokenizer file at"), r[2]);
    }
}
