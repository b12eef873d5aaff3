package org.peft4j.peft.ia3;

import org.peft4j.peft.PeftConfig;
import org.peft4j.peft.PeftConfigException;
import org.peft4j.peft.PeftType;
import org.peft4j.peft.TargetModules;
import org.peft4j.peft.TaskType;

import java.util.List;

/**
 * IA3 (Liu et al. 2022) as Hugging Face PEFT's IA3Config: a learned vector rescales each target layer — its INPUT
 * for feed-forward modules ({@code ia3_l} [1, in]), its OUTPUT including the bias otherwise ({@code ia3_l} [out, 1]).
 *
 * @param targetModules      which layers; null = PEFT's default for the model type (keys, values, FFN output)
 * @param feedforwardModules which of them are feed-forward (matched by plain name suffix as PEFT 0.10 does, so
 *                           BERT's "output.dense" also covers attention.output.dense); null = PEFT's default
 * @param modulesToSave      whole modules trained beside the vectors
 * @param initIa3Weights     true: vectors start at one (the identity); false: random (for tests)
 * @param taskType           the task, or null to infer it
 */
public record Ia3Config(TargetModules targetModules, List<String> feedforwardModules, List<String> modulesToSave,
                        boolean initIa3Weights, TaskType taskType) implements PeftConfig {
    public Ia3Config {
        modulesToSave = modulesToSave == null ? List.of() : List.copyOf(modulesToSave);
        if (feedforwardModules != null) feedforwardModules = List.copyOf(feedforwardModules);
    }

    /** PEFT's IA3Config check, made when both lists are given by the user (not on defaults filled in later). */
    void checkFeedforwardSubset() {
        if (targetModules != null && feedforwardModules != null && !targetModules.isRegex()
                && !targetModules.names().containsAll(feedforwardModules))
            throw new PeftConfigException("IA3: feedforward_modules " + feedforwardModules + " must be a subset of target_modules " + targetModules.names());
    }

    /** PEFT's defaults for the model type. */
    public static Ia3Config defaults() { return new Ia3Config(null, null, List.of(), true, null); }

    public Ia3Config withTargets(TargetModules t, List<String> feedforward) { return new Ia3Config(t, feedforward, modulesToSave, initIa3Weights, taskType); }
    public Ia3Config withModulesToSave(List<String> m) { return new Ia3Config(targetModules, feedforwardModules, m, initIa3Weights, taskType); }
    public Ia3Config withTaskType(TaskType t) { return new Ia3Config(targetModules, feedforwardModules, modulesToSave, initIa3Weights, t); }

    @Override public PeftType peftType() { return PeftType.IA3; }
}
