package org.peft4j.federated.server;

/** A client's update does not fit the global adapter (unknown name, wrong shape or dtype, NaN/Inf, no samples). */
public final class InvalidUpdateException extends Exception {
    public InvalidUpdateException(String message) { super(message); }
}
