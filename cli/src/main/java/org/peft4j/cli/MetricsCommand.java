package org.peft4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.peft4j.finetune.data.DatasetFormatException;
import org.peft4j.finetune.metrics.e2e.E2eData;
import org.peft4j.finetune.metrics.e2e.E2eInstance;
import org.peft4j.finetune.metrics.e2e.E2eMetrics;
import org.peft4j.finetune.metrics.e2e.E2eScores;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code peft4j metrics ...}: scores system outputs offline. */
@Command(name = "metrics", mixinStandardHelpOptions = true,
        description = "Score system outputs against references.",
        subcommands = {MetricsCommand.E2e.class})
public final class MetricsCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** {@code peft4j metrics e2e --refs REFS.csv --hyp HYP.txt [--json]}. */
    @Command(name = "e2e", mixinStandardHelpOptions = true,
            description = {"E2E NLG challenge metrics: BLEU, NIST, METEOR, ROUGE-L, CIDEr (as the official scorer computes them;",
                    "METEOR is an approximation: exact + stem stages only)."})
    static final class E2e implements Callable<Integer> {
        @Option(names = "--refs", required = true, paramLabel = "REFS.csv",
                description = "References, CSV with header mr,ref (as testset_w_refs.csv): consecutive rows with the same MR are one instance.")
        Path refs;

        @Option(names = "--hyp", required = true, paramLabel = "HYP.txt",
                description = "System outputs, one line per distinct MR, in order.")
        Path hyp;

        @Option(names = "--json", description = "Print one JSON object with keys bleu, nist, meteor, rouge_l, cider and note.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            for (Path p : List.of(refs, hyp)) {
                if (!Files.isRegularFile(p)) {
                    System.err.println("peft4j metrics e2e: file not found: " + p);
                    return 2;
                }
            }
            E2eScores s;
            try {
                List<E2eInstance> instances = E2eData.readReferences(refs);
                s = E2eMetrics.score(instances, E2eData.readOutputs(hyp, instances.size()));
            } catch (DatasetFormatException | IllegalArgumentException e) {
                System.err.println("peft4j metrics e2e: " + e.getMessage());
                return 2;
            }
            if (json) {
                ObjectMapper mapper = new ObjectMapper();
                ObjectNode o = mapper.createObjectNode();
                o.put("bleu", s.bleu());
                o.put("nist", s.nist());
                o.put("meteor", s.meteor());
                o.put("rouge_l", s.rougeL());
                o.put("cider", s.cider());
                o.put("note", s.meteorNote());
                System.out.println(mapper.writeValueAsString(o));
            } else {
                System.out.printf(Locale.ROOT, "bleu     %.10f%nnist     %.10f%nmeteor   %.10f  (approximation, see note)%nrouge_l  %.10f%ncider    %.10f%nnote: %s%n",
                        s.bleu(), s.nist(), s.meteor(), s.rougeL(), s.cider(), s.meteorNote());
            }
            return 0;
        }
    }
}
