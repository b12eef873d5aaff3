package org.peft4j.transformer.generate;

/** Streaming callback: called once per generated token, in order, as soon as it is chosen. */
@FunctionalInterface
public interface TokenListener {
    /** @param row the batch row; @param tokenId the new token; @param step 0 for the first new token */
    void onToken(int row, int tokenId, int step);

    TokenListener NONE = (row, id, step) -> {};
}
