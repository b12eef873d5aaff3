package org.peft4j.transformer.nn;

import org.peft4j.autograd.F;
import org.peft4j.autograd.Var;

import java.util.Locale;

/** Hidden activations by their Hugging Face config name ({@code hidden_act}, {@code activation_function}). */
public enum Activation {
    /** Exact erf GELU ("gelu"): BERT, RoBERTa. */
    GELU,
    /** tanh-approximated GELU ("gelu_new", "gelu_pytorch_tanh", "gelu_fast"): GPT-2. */
    GELU_TANH,
    /** x·σ(x) ("silu", "swish"): LLaMA. */
    SILU,
    RELU,
    TANH;

    public Var apply(Var x) {
        return switch (this) {
            case GELU -> F.gelu(x);
            case GELU_TANH -> F.geluTanh(x);
            case SILU -> F.silu(x);
            case RELU -> F.relu(x);
            case TANH -> F.tanh(x);
        };
    }

    /** Parses a config name; throws naming the field, the value and the accepted names. */
    public static Activation fromConfig(String field, String name) {
        return switch (name == null ? "" : name.toLowerCase(Locale.ROOT)) {
            case "gelu" -> GELU;
            case "gelu_new", "gelu_pytorch_tanh", "gelu_fast" -> GELU_TANH;
            case "silu", "swish" -> SILU;
            case "relu" -> RELU;
            case "tanh" -> TANH;
            default -> throw new IllegalArgumentException(field + ": unsupported activation '" + name
                    + "', expected one of gelu, gelu_new, gelu_pytorch_tanh, gelu_fast, silu, swish, relu, tanh");
        };
    }
}
