package org.peft4j.peft.lora;

import org.peft4j.peft.AdapterFormatException;

/**
 * LoRA's {@code init_lora_weights}, as PEFT spells it in adapter_config.json.
 *
 * @param kind  the scheme
 * @param niter power iterations of the randomized SVD for {@link Kind#PISSA} ({@code pissa_niter_K}); for plain
 *              {@code "pissa"} (PEFT's exact SVD) {@link #EXACT_PISSA_NITER} iterations are used
 */
public record LoraInit(Kind kind, int niter) {
    /** Power iterations standing in for PEFT's exact SVD when init_lora_weights is plain "pissa". */
    public static final int EXACT_PISSA_NITER = 16;

    public enum Kind {
        /** PEFT's default (true): A kaiming-uniform(a=√5), B zeros, so the adapter starts as the identity. */
        DEFAULT,
        /** "gaussian": A ~ N(0, 1/r), B zeros. */
        GAUSSIAN,
        /** false: A and B both nn.Linear's default kaiming-uniform (the adapter does not start at zero; for tests). */
        RANDOM,
        /** "pissa" / "pissa_niter_K" (FeDeRA): A, B from the top-r singular triplets, base replaced by the residual. */
        PISSA
    }

    public static final LoraInit DEFAULT = new LoraInit(Kind.DEFAULT, 0);
    public static final LoraInit GAUSSIAN = new LoraInit(Kind.GAUSSIAN, 0);
    public static final LoraInit RANDOM = new LoraInit(Kind.RANDOM, 0);

    public LoraInit {
        if (kind == Kind.PISSA && niter < 0) throw new IllegalArgumentException("pissa_niter must be >= 0, got " + niter);
    }

    /** FeDeRA / PiSSA with K power iterations of the randomized SVD ("pissa_niter_K"). */
    public static LoraInit pissa(int niter) { return new LoraInit(Kind.PISSA, niter); }

    /** The value written to adapter_config.json: true, false, "gaussian", "pissa" or "pissa_niter_K". */
    public Object jsonValue() {
        return switch (kind) {
            case DEFAULT -> Boolean.TRUE;
            case RANDOM -> Boolean.FALSE;
            case GAUSSIAN -> "gaussian";
            case PISSA -> niter == EXACT_PISSA_NITER ? "pissa" : "pissa_niter_" + niter;
        };
    }

    /** Parses adapter_config.json's init_lora_weights (a boolean or a string). */
    public static LoraInit parse(Object v) {
        if (v == null || Boolean.TRUE.equals(v)) return DEFAULT;
        if (Boolean.FALSE.equals(v)) return RANDOM;
        if (v instanceof String s) {
            if (s.equals("gaussian")) return GAUSSIAN;
            if (s.equals("pissa")) return pissa(EXACT_PISSA_NITER);
            if (s.startsWith("pissa_niter_")) {
                try {
                    return pissa(Integer.parseInt(s.substring("pissa_niter_".length())));
                } catch (NumberFormatException e) {
                    // fall through to the error
                }
            }
        }
        throw new AdapterFormatException("init_lora_weights: expected true, false, \"gaussian\", \"pissa\" or \"pissa_niter_K\", found " + v
                + " (loftq, olora, eva and corda are not supported)");
    }
}
