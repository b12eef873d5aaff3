package org.peft4j.weights.tokenizer.decoder;

import java.util.List;

/** Turns token strings back into text; decoders chain, each working on the previous one's output pieces. */
public interface Decoder {
    List<String> decodeChain(List<String> tokens);

    default String decode(List<String> tokens) {
        return String.join("", decodeChain(tokens));
    }
}
