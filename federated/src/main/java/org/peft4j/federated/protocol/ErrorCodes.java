package org.peft4j.federated.protocol;

/** The machine-readable codes of ERROR messages. */
public final class ErrorCodes {
    private ErrorCodes() {}

    public static final String AUTH_FAILED = "auth_failed";
    public static final String BAD_FRAME = "bad_frame";
    public static final String BAD_UPDATE = "bad_update";
    public static final String UNEXPECTED = "unexpected_message";
    public static final String BUSY = "busy";
    public static final String TRAINER_FAILED = "trainer_failed";
}
