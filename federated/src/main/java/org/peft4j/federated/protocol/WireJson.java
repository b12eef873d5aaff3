package org.peft4j.federated.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * The one JSON configuration used on the wire: shallow nesting, bounded numbers and strings, duplicate keys and
 * trailing tokens rejected. Input size is bounded by the caller (the frame and header limits) before parsing.
 */
public final class WireJson {
    private WireJson() {}

    public static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(8)
                    .maxNumberLength(64)
                    .maxStringLength(1 << 20)
                    .build())
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonParser.Feature.ALLOW_COMMENTS);

    /** Parses UTF-8 JSON bytes [off, off+len); throws IOException (Jackson's) describing the syntax error. */
    public static JsonNode parse(byte[] buf, int off, int len) throws IOException {
        return MAPPER.readTree(buf, off, len);
    }
}
