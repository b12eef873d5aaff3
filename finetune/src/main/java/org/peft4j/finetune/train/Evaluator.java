package org.peft4j.finetune.train;

import java.util.Map;

/** Scores the model on held-out data (eval mode, no grad); metric name -> value, e.g. "accuracy" -> 0.87. */
@FunctionalInterface
public interface Evaluator {
    Map<String, Double> evaluate();
}
