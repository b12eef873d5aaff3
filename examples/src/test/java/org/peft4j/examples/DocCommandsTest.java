package org.peft4j.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Runs the commands the documentation shows and checks the output it prints beside them. In the pages of
 * {@link #DOCS} a fenced block opened with {@code ```bash runnable} holds one command, either
 * {@code examples/run.sh NAME ARGS...} (the example's main, run in-process) or {@code ./peft4j ARGS...} (the CLI, run
 * in-process; its stdout and stderr are read together, as a terminal shows them); the next block opened with
 * {@code ```text expected} holds lines that must appear in its output, in order (other lines may come between). In
 * an expected line, {@code …} stands for any text (times, which change from run to run).
 * <p>
 * In a {@code ./peft4j} command, a word naming a path under the repository root ({@code fixtures/golden/gpt2/model})
 * is passed as that absolute path (the test runs in the module's folder, the docs from the root), and a word
 * starting with {@code /tmp/} is moved into the test's temporary folder, so that concurrent builds do not share files.
 * <p>
 * Blocks marked {@code runnable slow} (a whole training step or more on MiniLM: 15 to 60 s each on a loaded
 * 2-core machine) run only with {@code -Dpeft4j.docs=all}; the others always run.
 */
class DocCommandsTest {
    static final List<String> DOCS = List.of("docs/INTERNALS.md", "docs/FEDERA.md", "docs/FISHER.md", "docs/PROFILING.md");

    record Block(String doc, int line, String command, boolean slow, List<String> expected) {}

    static Path root() {
        String fixtures = System.getProperty("peft4j.fixtures");
        if (fixtures == null) throw new IllegalStateException("system property peft4j.fixtures is not set (the parent pom sets it)");
        return Path.of(fixtures).toAbsolutePath().getParent();
    }

    static List<Block> blocks(String doc) throws Exception {
        List<String> lines = Files.readAllLines(root().resolve(doc));
        List<Block> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String open = lines.get(i).trim();
            if (!open.startsWith("```bash runnable")) continue;
            int start = i;
            String command = lines.get(++i).trim();
            if (!lines.get(++i).trim().equals("```"))
                throw new AssertionError(doc + ":" + (start + 1) + ": a runnable block holds exactly one command line");
            while (++i < lines.size() && !lines.get(i).trim().startsWith("```")) {
                if (!lines.get(i).isBlank()) throw new AssertionError(doc + ":" + (i + 1) + ": text between a runnable block and its ```text expected block");
            }
            if (i >= lines.size() || !lines.get(i).trim().equals("```text expected"))
                throw new AssertionError(doc + ":" + (start + 1) + ": a runnable block must be followed by a ```text expected block");
            List<String> expected = new ArrayList<>();
            while (++i < lines.size() && !lines.get(i).trim().equals("```")) expected.add(lines.get(i).stripTrailing());
            out.add(new Block(doc, start + 1, command, open.endsWith("slow"), expected));
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> documentedCommandsPrintWhatTheDocsShow(@TempDir Path tmp) throws Exception {
        boolean all = "all".equals(System.getProperty("peft4j.docs"));
        List<DynamicTest> tests = new ArrayList<>();
        for (String doc : DOCS) {
            List<Block> blocks = blocks(doc);
            assertFalse(blocks.isEmpty(), doc + " has no runnable block");
            for (Block b : blocks)
                tests.add(DynamicTest.dynamicTest(doc + ":" + b.line() + " " + b.command(), () -> {
                    Assumptions.assumeTrue(all || !b.slow(), "slow documented command; run with -Dpeft4j.docs=all");
                    check(b, run(b, tmp.resolve(Path.of(b.doc()).getFileName() + "-" + b.line())));
                }));
        }
        return tests.stream();
    }

    private static String run(Block b, Path tmp) throws Exception {
        String[] words = b.command().split("\\s+");
        if (words.length >= 2 && words[0].equals("examples/run.sh"))
            return ExampleRunner.run(words[1], Arrays.copyOfRange(words, 2, words.length));
        if (words.length >= 2 && words[0].equals("./peft4j"))
            return CliCommandRunner.run(cliArgs(Arrays.copyOfRange(words, 1, words.length), tmp));
        throw new AssertionError(b.doc() + ":" + b.line() + ": expected 'examples/run.sh NAME ARGS...' or './peft4j ARGS...', found '"
                + b.command() + "'");
    }

    /** Root-relative paths made absolute, /tmp/ paths moved into tmp (this command's own folder). */
    private static String[] cliArgs(String[] words, Path tmp) throws Exception {
        Path root = root();
        String[] out = new String[words.length];
        for (int i = 0; i < words.length; i++) {
            String w = words[i];
            if (w.startsWith("/tmp/")) {
                Files.createDirectories(tmp);
                out[i] = tmp.resolve(w.substring("/tmp/".length())).toString();
            } else if (!w.startsWith("-") && w.contains("/") && Files.exists(root.resolve(w))) {
                out[i] = root.resolve(w).toString();
            } else {
                out[i] = w;
            }
        }
        return out;
    }

    /** Every expected line matches some output line after the previous match. */
    static void check(Block b, String output) {
        List<String> actual = output.lines().map(String::stripTrailing).toList();
        int from = 0;
        for (String want : b.expected()) {
            Pattern p = glob(want);
            int found = -1;
            for (int i = from; i < actual.size(); i++) if (p.matcher(actual.get(i)).matches()) { found = i; break; }
            if (found < 0)
                fail(b.doc() + ":" + b.line() + ": the output of '" + b.command() + "' lacks (after line " + from + ")\n  " + want + "\noutput:\n" + output);
            from = found + 1;
        }
    }

    static Pattern glob(String line) {
        StringBuilder re = new StringBuilder();
        for (String part : line.split("…", -1)) {
            if (!re.isEmpty()) re.append(".*");
            re.append(Pattern.quote(part));
        }
        return Pattern.compile(re.toString());
    }
}
