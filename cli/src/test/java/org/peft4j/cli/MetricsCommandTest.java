package org.peft4j.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `peft4j metrics e2e` on the hand-checkable case of the E2E metrics-reference README. */
class MetricsCommandTest {
    @TempDir
    Path dir;

    @Test
    void jsonHasExactlyTheFiveMetricsAndANote() throws Exception {
        Path refs = dir.resolve("refs.csv");
        Files.writeString(refs, """
                "mr","ref"
                "name[The Eagle], eatType[pub]","The Eagle is a pub."
                "name[The Eagle], eatType[pub]","The Eagle is a pub in the city centre."
                "name[Zizzi], food[French]","Zizzi serves French food."
                "name[Zizzi], food[French]","Zizzi is a French restaurant."
                "name[Cotto], area[riverside]","Cotto is by the riverside."
                "name[Cotto], area[riverside]","Cotto is located on the riverside area."
                """);
        Path hyp = dir.resolve("hyp.txt");
        Files.writeString(hyp, "The Eagle is a pub.\nZizzi serves food\nCotto is located by the riverside.\n");
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int rc;
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            rc = new CommandLine(new Main()).execute("metrics", "e2e", "--refs", refs.toString(), "--hyp", hyp.toString(), "--json");
        } finally {
            System.setOut(old);
        }
        assertEquals(0, rc);
        JsonNode o = new ObjectMapper().readTree(buf.toString(StandardCharsets.UTF_8));
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            keys.add(it.next());
        }
        assertEquals(List.of("bleu", "nist", "meteor", "rouge_l", "cider", "note"), keys);
        // Official e2e-metrics values for this case (metrics-reference/tiny-scores.json).
        assertEquals(0.7165292535579412, o.get("bleu").asDouble(), 1e-12);
        assertEquals(4.2128812163272835, o.get("nist").asDouble(), 1e-9);
        assertEquals(0.9199529541995295, o.get("rouge_l").asDouble(), 1e-12);
        assertEquals(4.523324092909499, o.get("cider").asDouble(), 1e-12);
        assertTrue(o.get("note").asText().contains("paraphrase"));
    }

    @Test
    void wrongLineCountIsAnErrorExit() throws Exception {
        Path refs = dir.resolve("refs.csv");
        Files.writeString(refs, "mr,ref\na,x\nb,y\n");
        Path hyp = dir.resolve("hyp.txt");
        Files.writeString(hyp, "only one\n");
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            rc = new CommandLine(new Main()).execute("metrics", "e2e", "--refs", refs.toString(), "--hyp", hyp.toString());
        } finally {
            System.setErr(oldErr);
        }
        assertEquals(2, rc);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("expected 2 output lines"));
    }
}
