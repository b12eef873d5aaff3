package org.peft4j.autograd;

/** Thrown in anomaly mode when an op's backward yields a NaN or infinite gradient; the cause is where the op ran. */
public final class AnomalyException extends ArithmeticException {
    private final String op;

    AnomalyException(String op, String message, Throwable createdAt) {
        super(message);
        this.op = op;
        if (createdAt != null) initCause(createdAt);
    }

    /** Name of the op whose backward produced the bad gradient. */
    public String op() { return op; }
}
