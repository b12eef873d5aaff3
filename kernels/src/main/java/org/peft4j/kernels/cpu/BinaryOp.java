package org.peft4j.kernels.cpu;

/** Elementwise functions of two floats; comparisons yield 1 or 0. */
public enum BinaryOp {
    ADD, SUB, MUL, DIV, MAX, MIN, POW, GT, GE, LT, LE, EQ;

    private final String label = name().toLowerCase(java.util.Locale.ROOT);

    /** The op's name as errors and traces print it ("add", "exp"), built once. */
    public String label() { return label; }

    /** The reference value, computed in double. MAX/MIN propagate NaN like torch.maximum. */
    public double apply(double a, double b) {
        return switch (this) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case MAX -> Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.max(a, b);
            case MIN -> Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.min(a, b);
            case POW -> Math.pow(a, b);
            case GT -> a > b ? 1 : 0;
            case GE -> a >= b ? 1 : 0;
            case LT -> a < b ? 1 : 0;
            case LE -> a <= b ? 1 : 0;
            case EQ -> a == b ? 1 : 0;
        };
    }
}
