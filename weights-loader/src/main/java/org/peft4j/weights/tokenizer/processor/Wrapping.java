package org.peft4j.weights.tokenizer.processor;

import org.peft4j.weights.tokenizer.Encoding;

import java.util.ArrayList;
import java.util.List;

/** Surrounds a sequence with special tokens, the way BertProcessing and RobertaProcessing build their output. */
final class Wrapping {
    private Wrapping() {
    }

    /**
     * {@code before + sequence + after}: the sequence's tokens become non-special and attended and are
     * marked as sequence {@code sequenceId}; with {@code sequenceTypeId >= 0} they also get that type id.
     * Overflowing parts are wrapped the same way.
     */
    static Encoding wrap(Encoding sequence, Encoding before, Encoding after, int sequenceId, int sequenceTypeId) {
        List<Encoding> over = new ArrayList<>();
        for (Encoding o : sequence.overflowing()) over.add(wrap(o, before, after, sequenceId, sequenceTypeId));
        Encoding core = sequence.withOverflowing(List.of()).asSequenceContent().withoutSequenceRanges();
        if (sequenceTypeId >= 0) core = core.withTypeIds(sequenceTypeId);
        core = core.withSequenceId(sequenceId);
        return Encoding.merge(List.of(before, core, after), false).withOverflowing(over);
    }
}
