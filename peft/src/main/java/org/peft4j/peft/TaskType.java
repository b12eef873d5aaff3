package org.peft4j.peft;

import org.peft4j.transformer.models.TransformerModel;

import java.util.List;
import java.util.Locale;

/**
 * PEFT's task_type. It matters for one thing here: a SEQ_CLS model also trains (and saves) its classification head,
 * as PEFT's PeftModelForSequenceClassification adds "classifier" and "score" to modules_to_save.
 */
public enum TaskType {
    SEQ_CLS, CAUSAL_LM, FEATURE_EXTRACTION;

    /** The head modules PEFT trains for this task in addition to the adapter. */
    public List<String> implicitModulesToSave() {
        return this == SEQ_CLS ? List.of("classifier", "score") : List.of();
    }

    /** The task a model's head implies: classifiers SEQ_CLS, language models CAUSAL_LM, bare bodies FEATURE_EXTRACTION. */
    public static TaskType infer(TransformerModel model) {
        String arch = model.architecture();
        if (arch.endsWith("ForSequenceClassification")) return SEQ_CLS;
        if (arch.endsWith("LMHeadModel") || arch.endsWith("ForCausalLM")) return CAUSAL_LM;
        return FEATURE_EXTRACTION;
    }

    /** Parses adapter_config.json's task_type (null stays null). */
    public static TaskType parse(String s) {
        if (s == null) return null;
        for (TaskType t : values()) if (t.name().equals(s.toUpperCase(Locale.ROOT))) return t;
        throw new AdapterFormatException("task_type: expected one of SEQ_CLS, CAUSAL_LM, FEATURE_EXTRACTION or null, found '" + s + "'");
    }
}
