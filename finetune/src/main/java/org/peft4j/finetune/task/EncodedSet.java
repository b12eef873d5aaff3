package org.peft4j.finetune.task;

import java.util.List;

/** Encoded examples plus how many were cut to the maximum length (reported, never silent). */
public record EncodedSet(List<EncodedExample> items, int truncated, int maxLength) {
    public int size() { return items.size(); }

    /** A one-line report such as "37 of 2000 examples truncated to 128 tokens", or null when none were. */
    public String truncationNote(String what) {
        return truncated == 0 ? null : truncated + " of " + items.size() + " " + what + " examples truncated to " + maxLength + " tokens";
    }
}
