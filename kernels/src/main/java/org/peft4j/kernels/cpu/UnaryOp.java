package org.peft4j.kernels.cpu;

/** Elementwise functions of one float. */
public enum UnaryOp {
    NEG, ABS, EXP, LOG, SQRT, RSQRT, TANH, SIGMOID, RELU, SQUARE;

    private final String label = name().toLowerCase(java.util.Locale.ROOT);

    /** The op's name as errors and traces print it ("add", "exp"), built once. */
    public String label() { return label; }

    /** The reference value, computed in double. */
    public double apply(double x) {
        return switch (this) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case SQRT -> Math.sqrt(x);
            case RSQRT -> 1.0 / Math.sqrt(x);
            case TANH -> Math.tanh(x);
            case SIGMOID -> 1.0 / (1.0 + Math.exp(-x));
            case RELU -> Math.max(x, 0.0);
            case SQUARE -> x * x;
        };
    }
}
