package org.peft4j.autograd;

/**
 * One recorded op: its name, its inputs and its backward function (which captures whatever the forward saved).
 * {@link #release()} drops the backward function and the inputs after a backward pass, so the saved activations
 * can be collected: that is what "the tape is freed" means in a define-by-run engine.
 */
final class Node {
    final String op;
    private Var[] inputs;
    private Backward backward;
    /** Where the op was recorded; only captured in anomaly mode (stack traces are not free). */
    final Throwable createdAt;
    /** The module path the forward op ran under, captured only while an op trace runs (null otherwise). */
    final String tracePath;

    Node(String op, Var[] inputs, Backward backward, Throwable createdAt, String tracePath) {
        this.op = op;
        this.inputs = inputs;
        this.backward = backward;
        this.createdAt = createdAt;
        this.tracePath = tracePath;
    }

    boolean isReleased() { return backward == null; }

    Var[] inputs() {
        if (inputs == null) throw freed();
        return inputs;
    }

    Backward backward() {
        if (backward == null) throw freed();
        return backward;
    }

    void release() {
        inputs = null;
        backward = null;
    }

    private IllegalStateException freed() {
        return new IllegalStateException("backward through op '" + op + "' a second time, but its saved tensors were freed "
                + "by the first backward; call backward(seed, true) (retainGraph) the first time if you need to go back twice");
    }
}
