package org.peft4j.kernels.cuda;

/** The activation kernels' op codes (ActivationCode in activations.cu). */
public enum Activation {
    GELU(0), GELU_TANH(1), SILU(2);

    private final int code;

    Activation(int code) { this.code = code; }

    public int code() { return code; }
}
