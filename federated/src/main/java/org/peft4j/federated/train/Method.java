package org.peft4j.federated.train;

import java.util.Locale;

/** The PEFT methods a federated run can train, by their command-line names. */
public enum Method {
    /** LoRA with PEFT's default init (A kaiming-uniform, B zero). */
    LORA,
    /** LoRA initialised from the SVD of the pretrained weights (FeDeRA, Yan et al. 2024), base replaced by the residual. */
    FEDERA,
    IA3,
    /** Houlsby bottleneck adapters. */
    ADAPTER,
    BITFIT,
    /** Every parameter trains and travels. */
    FULL;

    public static Method parse(String s) {
        for (Method m : values()) if (m.cliName().equals(s.trim().toLowerCase(Locale.ROOT))) return m;
        throw new IllegalArgumentException("unknown method '" + s + "': expected one of lora, federa, ia3, adapter, bitfit, full");
    }

    public String cliName() { return name().toLowerCase(Locale.ROOT); }

    /** Whether adapters can be restricted to some transformer layers. */
    public boolean hasLayers() { return this != BITFIT && this != FULL; }
}
