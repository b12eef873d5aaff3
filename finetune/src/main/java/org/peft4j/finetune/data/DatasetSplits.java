package org.peft4j.finetune.data;

import java.util.List;

/**
 * A task's examples split for training. {@code test} may be empty. {@code provenance} says where
 * each split came from (files, and any seeded re-split), so reports can state it.
 */
public record DatasetSplits(TaskSpec task, List<Example> train, List<Example> validation, List<Example> test,
                            String provenance) {
    public DatasetSplits {
        train = List.copyOf(train);
        validation = List.copyOf(validation);
        test = List.copyOf(test);
    }

    public List<Example> get(Split split) {
        return switch (split) {
            case TRAIN -> train;
            case VALIDATION -> validation;
            case TEST -> test;
        };
    }
}
