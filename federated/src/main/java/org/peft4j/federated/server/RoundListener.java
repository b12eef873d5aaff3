package org.peft4j.federated.server;

/**
 * Called on the server's round thread after each round is aggregated and checkpointed (e.g. to evaluate the new
 * global on held-out data, print progress, or plot). A listener that throws stops the run with that exception.
 */
@FunctionalInterface
public interface RoundListener {
    void roundCompleted(RoundReport report) throws Exception;
}
