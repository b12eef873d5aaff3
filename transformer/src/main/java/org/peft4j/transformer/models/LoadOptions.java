package org.peft4j.transformer.models;

/**
 * Overrides for {@link Models#load(java.nio.file.Path, LoadOptions)}: load a checkpoint under another head (e.g. a
 * bare pretrained BERT as BertForSequenceClassification, whose head then starts random) or with another label count.
 *
 * @param architecture transformers class to build, or null for config.json's architectures[0]
 * @param numLabels    classifier size, or 0 for the config's
 * @param problemType  regression / single_label_classification / multi_label_classification, or null for the config's
 */
public record LoadOptions(String architecture, int numLabels, String problemType) {
    public static final LoadOptions DEFAULT = new LoadOptions(null, 0, null);

    public static LoadOptions head(String architecture, int numLabels) { return new LoadOptions(architecture, numLabels, null); }
}
