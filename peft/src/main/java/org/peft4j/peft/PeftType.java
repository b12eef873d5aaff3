package org.peft4j.peft;

import java.util.Locale;

/**
 * The fine-tuning methods, named as adapter_config.json's {@code peft_type} names them. LORA and IA3 are Hugging Face
 * PEFT's own types (files load in Python PEFT); BOTTLENECK, BITFIT and FULL have no PEFT equivalent and are written
 * under these peft4j names (see peft/README.md).
 */
public enum PeftType {
    LORA, IA3, BOTTLENECK, BITFIT, FULL;

    /** Parses adapter_config.json's peft_type; throws naming the accepted values. */
    public static PeftType parse(String s) {
        if (s != null) {
            for (PeftType t : values()) if (t.name().equals(s.toUpperCase(Locale.ROOT))) return t;
        }
        throw new AdapterFormatException("peft_type: expected one of LORA, IA3, BOTTLENECK, BITFIT, FULL, found " + (s == null ? "none" : "'" + s + "'"));
    }
}
