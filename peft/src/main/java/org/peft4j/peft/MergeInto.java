package org.peft4j.peft;

/**
 * Where a merge puts the merged weight. The NEW_ modes leave the base tensor untouched (a mapped file stays mapped)
 * and unmerge restores it bit for bit; IN_PLACE writes into a heap F32 base (no second copy of the weights) and
 * unmerge subtracts again, exact up to float rounding.
 */
public enum MergeInto {
    /** A new F32 heap tensor (any base dtype). */
    NEW_F32,
    /** A new BF16 tensor, rounded to nearest even (half the memory of NEW_F32, BF16 precision). */
    NEW_BF16,
    /** Into the base weight itself; only for a writable contiguous heap F32 base. */
    IN_PLACE
}
