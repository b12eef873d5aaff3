package org.peft4j.finetune.task;

import java.util.List;

/** Encoded causal-LM examples plus how many were cut to the maximum length (reported, never silent). */
public record LmEncodedSet(List<LmExample> items, int truncated, int maxLength) {
    public LmEncodedSet {
        items = List.copyOf(items);
    }

    public int size() { return items.size(); }

    /** A one-line report such as "3 of 4672 train examples truncated to 128 tokens", or null when none were. */
    public String truncationNote(String what) {
        return truncated == 0 ? null : truncated + " of " + items.size() + " " + what + " examples truncated to " + maxLength + " tokens";
    }
}
