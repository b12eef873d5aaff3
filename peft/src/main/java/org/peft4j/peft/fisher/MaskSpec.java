package org.peft4j.peft.fisher;

import java.util.Locale;

/**
 * How a Fisher mask is chosen: keep the fraction {@code keepRatio} of the units with the largest Fisher score in each
 * pool, exactly ceil(ρ·N) of a pool's N units (ρ read as the decimal it is written as, so 0.1 of 30 keeps 3).
 *
 * @param keepRatio ρ in (0, 1]
 * @param pool      which units compete with each other
 * @param groups    what a unit is
 */
public record MaskSpec(double keepRatio, Pool pool, Groups groups) {
    public enum Pool {
        /** All units of the adapter together. */
        GLOBAL,
        /** Each parameter tensor alone (a structured LoRA unit spans A and B: its pool is the LoRA layer). */
        PER_TENSOR,
        /** Each transformer layer alone (units outside the numbered layers, e.g. a classifier, form one more pool). */
        PER_LAYER;

        public static Pool parse(String s) { return valueOf(s.toUpperCase(Locale.ROOT).replace('-', '_')); }
    }

    public enum Groups {
        /** Every entry is a unit. */
        ENTRY,
        /**
         * Structured units, scored by the sum of their entries' Fisher values: a LoRA rank component (row k of A with
         * column k of B), a bottleneck unit (row j of the down projection, its bias j, column j of the up
         * projection), an IA3 vector entry; entries of any other tensor (a head, biases) stay single units.
         */
        STRUCTURED;

        public static Groups parse(String s) { return valueOf(s.toUpperCase(Locale.ROOT)); }
    }

    public MaskSpec {
        if (!(keepRatio > 0 && keepRatio <= 1)) throw new IllegalArgumentException("keep_ratio must be in (0, 1], got " + keepRatio);
        if (pool == null || groups == null) throw new IllegalArgumentException("mask pool and groups are required");
    }

    /** ceil(ρ·n) computed in decimal. */
    public long kept(long n) {
        return java.math.BigDecimal.valueOf(keepRatio).multiply(java.math.BigDecimal.valueOf(n))
                .setScale(0, java.math.RoundingMode.CEILING).longValueExact();
    }
}
