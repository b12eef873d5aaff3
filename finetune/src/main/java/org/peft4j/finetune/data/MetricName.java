package org.peft4j.finetune.data;

/** The metrics a task is reported with (computed by {@code org.peft4j.finetune.metrics}). */
public enum MetricName {
    ACCURACY("accuracy"), F1("f1"), MACRO_F1("macro_f1"), MATTHEWS("matthews_corr"),
    PEARSON("pearson"), SPEARMAN("spearman"),
    BLEU("bleu"), NIST("nist"), METEOR("meteor"), ROUGE_L("rouge_l"), CIDER("cider");

    private final String key;

    MetricName(String key) {
        this.key = key;
    }

    /** The name used in reports and JSON. */
    public String key() {
        return key;
    }
}
