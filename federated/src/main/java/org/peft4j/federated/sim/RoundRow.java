package org.peft4j.federated.sim;

/**
 * One line of a simulation's summary: round 0 is the model before training. Accuracy is the global adapter's on
 * the held-out set; bytes are what the server received from (up) and sent to (down) the round's clients, frames
 * included; seconds are wall time since the run started.
 */
public record RoundRow(int round, double accuracy, double evalLoss, long bytesUp, long bytesDown, double trainLoss,
                       int delivered, int dropped, double loraAveragingGap, double roundSeconds, double elapsedSeconds) {
}
