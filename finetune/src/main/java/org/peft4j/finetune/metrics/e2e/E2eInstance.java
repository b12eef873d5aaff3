package org.peft4j.finetune.metrics.e2e;

import java.util.List;

/** One meaning representation with its human references, in file order. */
public record E2eInstance(String mr, List<String> references) {
    public E2eInstance {
        references = List.copyOf(references);
        if (references.isEmpty()) {
            throw new IllegalArgumentException("MR " + mr + " has no references");
        }
    }
}
