package org.peft4j.transformer.models;

import java.util.List;

/**
 * What loading a folder did beyond the plain case, as transformers warns about it: parameters the checkpoint lacked
 * and that were initialised fresh (a new classification head), and stored tensors no parameter used (buffers such
 * as position_ids, or the weights of another head).
 */
public record LoadReport(String source, List<String> newlyInitialized, List<String> unusedTensors) {
    public LoadReport {
        newlyInitialized = List.copyOf(newlyInitialized);
        unusedTensors = List.copyOf(unusedTensors);
    }

    public static LoadReport none(String source) { return new LoadReport(source, List.of(), List.of()); }
}
