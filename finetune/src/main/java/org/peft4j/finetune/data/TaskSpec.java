package org.peft4j.finetune.data;

import java.util.List;
import java.util.Objects;

/**
 * A task definition: its input kind, what it predicts, the label names (classification), the
 * target range (regression) and the metrics it is reported with.
 */
public record TaskSpec(String name, String description, InputKind inputKind, TaskType type,
                       List<String> labelNames, double targetMin, double targetMax, List<MetricName> metrics) {

    public TaskSpec {
        Objects.requireNonNull(name, "name");
        labelNames = List.copyOf(labelNames);
        metrics = List.copyOf(metrics);
        if (type == TaskType.CLASSIFICATION && labelNames.size() < 2) {
            throw new IllegalArgumentException(name + ": a classification task needs at least 2 label names");
        }
    }

    public static TaskSpec classification(String name, String description, InputKind kind, List<String> labels, List<MetricName> metrics) {
        return new TaskSpec(name, description, kind, TaskType.CLASSIFICATION, labels, Double.NaN, Double.NaN, metrics);
    }

    public static TaskSpec regression(String name, String description, InputKind kind, double min, double max, List<MetricName> metrics) {
        return new TaskSpec(name, description, kind, TaskType.REGRESSION, List.of(), min, max, metrics);
    }

    public static TaskSpec generation(String name, String description, List<MetricName> metrics) {
        return new TaskSpec(name, description, InputKind.SINGLE, TaskType.GENERATION, List.of(), Double.NaN, Double.NaN, metrics);
    }

    /** Outputs of a prediction head: the label count, 1 for regression, 0 for generation. */
    public int numLabels() {
        return switch (type) {
            case CLASSIFICATION -> labelNames.size();
            case REGRESSION -> 1;
            case GENERATION -> 0;
        };
    }

    /**
     * Parses a raw label: a label name (exact) or an integer index in [0, numLabels). Anything else
     * is an error naming the source line and the accepted values.
     */
    public int parseLabel(String raw, String source, long line) {
        requireType(TaskType.CLASSIFICATION);
        String s = raw.strip();
        int byName = labelNames.indexOf(s);
        if (byName >= 0) {
            return byName;
        }
        try {
            int index = Integer.parseInt(s);
            if (index >= 0 && index < labelNames.size()) {
                return index;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the error below
        }
        throw new DatasetFormatException(source, line, "label \"" + raw + "\" is not one of task " + name
                + "'s labels: expected an index 0.." + (labelNames.size() - 1) + " or a name in " + Table.quoted(labelNames));
    }

    /** Parses a regression target and checks it lies in the task's range. */
    public float parseTarget(String raw, String source, long line) {
        requireType(TaskType.REGRESSION);
        double v;
        try {
            v = Double.parseDouble(raw.strip());
        } catch (NumberFormatException e) {
            throw new DatasetFormatException(source, line, "target \"" + raw + "\" is not a number (task " + name
                    + " expects a value in [" + targetMin + ", " + targetMax + "])");
        }
        return checkTarget(v, source, line);
    }

    /** Checks a numeric regression target against the task's range. */
    public float checkTarget(double v, String source, long line) {
        if (!(v >= targetMin && v <= targetMax)) {
            throw new DatasetFormatException(source, line, "target " + v + " is outside task " + name
                    + "'s range [" + targetMin + ", " + targetMax + "]");
        }
        return (float) v;
    }

    private void requireType(TaskType expected) {
        if (type != expected) {
            throw new IllegalStateException("task " + name + " is " + type + ", not " + expected);
        }
    }
}
