package org.peft4j.finetune.data;

import static org.peft4j.finetune.data.MetricName.*;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The built-in task definitions. Label names and orders follow the GLUE / Hugging Face datasets
 * conventions (e.g. RTE: 0 = entailment), so label indices match models trained elsewhere.
 */
public final class Tasks {
    private Tasks() {}

    public static final TaskSpec SST2 = TaskSpec.classification("sst2", "SST-2 binary sentiment (GLUE)",
            InputKind.SINGLE, List.of("negative", "positive"), List.of(ACCURACY));
    public static final TaskSpec COLA = TaskSpec.classification("cola", "CoLA linguistic acceptability (GLUE)",
            InputKind.SINGLE, List.of("unacceptable", "acceptable"), List.of(MATTHEWS, ACCURACY));
    public static final TaskSpec MRPC = TaskSpec.classification("mrpc", "MRPC paraphrase pairs (GLUE)",
            InputKind.PAIR, List.of("not_equivalent", "equivalent"), List.of(ACCURACY, F1));
    public static final TaskSpec RTE = TaskSpec.classification("rte", "RTE textual entailment (GLUE)",
            InputKind.PAIR, List.of("entailment", "not_entailment"), List.of(ACCURACY));
    public static final TaskSpec STSB = TaskSpec.regression("stsb", "STS-B semantic similarity 0-5 (GLUE)",
            InputKind.PAIR, 0.0, 5.0, List.of(PEARSON, SPEARMAN));
    public static final TaskSpec AGNEWS = TaskSpec.classification("agnews", "AG News 4-class topic",
            InputKind.SINGLE, List.of("World", "Sports", "Business", "Sci/Tech"), List.of(ACCURACY, MACRO_F1));
    public static final TaskSpec E2E = TaskSpec.generation("e2e", "E2E NLG data-to-text (meaning representation -> text)",
            List.of(BLEU, NIST, METEOR, ROUGE_L, CIDER));

    private static final Map<String, TaskSpec> ALL = new LinkedHashMap<>();

    static {
        for (TaskSpec t : List.of(SST2, COLA, MRPC, RTE, STSB, AGNEWS, E2E)) {
            ALL.put(t.name(), t);
        }
    }

    /** All built-in tasks, in a fixed order. */
    public static List<TaskSpec> all() {
        return List.copyOf(ALL.values());
    }

    /** The task called {@code name} (case-insensitive; "sst-2", "sts-b", "ag_news", "e2e_nlg" also accepted). */
    public static TaskSpec get(String name) {
        String key = name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        if (key.equals("e2enlg")) {
            key = "e2e";
        }
        TaskSpec t = ALL.get(key);
        if (t == null) {
            throw new IllegalArgumentException("unknown task \"" + name + "\"; known tasks: " + ALL.keySet());
        }
        return t;
    }
}
