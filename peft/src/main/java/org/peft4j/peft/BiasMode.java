package org.peft4j.peft;

import java.util.Locale;

/** LoRA's {@code bias} option: which existing biases train beside the adapter. */
public enum BiasMode {
    /** No bias trains. */
    NONE,
    /** Every bias of the model trains. */
    ALL,
    /** Only the biases of the LoRA-adapted layers train. */
    LORA_ONLY;

    /** The adapter_config.json spelling ("none", "all", "lora_only"). */
    public String jsonName() { return name().toLowerCase(Locale.ROOT); }

    public static BiasMode parse(String s) {
        if (s != null) for (BiasMode b : values()) if (b.jsonName().equals(s)) return b;
        throw new AdapterFormatException("bias: expected one of none, all, lora_only, found " + (s == null ? "none" : "'" + s + "'"));
    }
}
