package org.peft4j.federated.planner;

/** The planner's input file is invalid; the message names the file, the field path and what was expected. */
public final class PlannerInputException extends IllegalArgumentException {
    public PlannerInputException(String message) { super(message); }
}
