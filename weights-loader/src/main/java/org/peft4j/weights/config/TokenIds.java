package org.peft4j.weights.config;

import java.util.List;

/** Special token ids from config.json ({@code bos_token_id}, {@code eos_token_id} (one or a list), {@code pad_token_id}); null when absent. */
public record TokenIds(Integer bos, List<Integer> eos, Integer pad) {
    public TokenIds {
        eos = eos == null ? List.of() : List.copyOf(eos);
    }

    /** The first end-of-sequence id, or null. */
    public Integer firstEos() { return eos.isEmpty() ? null : eos.get(0); }
}
