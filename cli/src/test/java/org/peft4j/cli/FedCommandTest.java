package org.peft4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FedCommandTest {
    private record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void planPrintsTheReadmeKeys() throws Exception {
        Path devices = Path.of(System.getProperty("peft4j.fixtures"), "planner", "devices-example.json");
        Result r = run("fed", "plan", "--devices", devices.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(17, j.get("rank").asInt());
        assertEquals(26, j.get("device_ranks").get(0).asInt());
        assertEquals(17, j.get("device_ranks").get(1).asInt());
        for (JsonNode d : j.get("devices"))
            for (String key : new String[]{"f_hz", "latency_s", "energy_j"}) assertTrue(d.get(key).isNumber(), key + " in " + d);
        Result table = run("fed", "plan", "--devices", devices.toString());
        assertTrue(table.out().startsWith("network rank: 17"), table.out());
    }

    @Test
    void planReportsBadInputClearly(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("d.json");
        Files.writeString(f, "{\"global\": {}}");
        Result r = run("fed", "plan", "--devices", f.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("global.d is missing"), r.err());
    }

    @Test
    void partitionWritesClientFilesAndHistogram(@TempDir Path dir) throws Exception {
        StringBuilder sb = new StringBuilder("sentence\tlabel\n");
        for (int i = 0; i < 40; i++) sb.append("s").append(i).append('\t').append(i % 2).append('\n');
        Path data = dir.resolve("train.tsv");
        Files.writeString(data, sb.toString());
        Result r = run("fed", "partition", "--task", "sst2", "--data", data.toString(), "--clients", "4",
                "--scheme", "dirichlet", "--alpha", "0.5", "--seed", "0", "--out", dir.resolve("out").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("client      total"), r.out());
        int rows = 0;
        for (int c = 0; c < 4; c++) rows += Files.readAllLines(dir.resolve("out").resolve("client-0" + c + ".tsv")).size() - 1;
        assertEquals(40, rows);
        Result again = run("fed", "partition", "--task", "sst2", "--data", data.toString(), "--clients", "4",
                "--scheme", "dirichlet", "--alpha", "0.5", "--seed", "0", "--out", dir.resolve("out2").toString());
        assertEquals(r.out().replace("out", ""), again.out().replace("out2", ""), "same seed, same split");
        Result bad = run("fed", "partition", "--data", data.toString(), "--clients", "4", "--out", dir.toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("give --task"), bad.err());
    }
}
