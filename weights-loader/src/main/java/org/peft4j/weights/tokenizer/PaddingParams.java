package org.peft4j.weights.tokenizer;

/**
 * How to pad encodings: to a fixed length ({@code fixedLength > 0}) or to the longest of the batch
 * ({@code fixedLength == 0}), then up to a multiple of {@code padToMultipleOf} (if > 0).
 */
public record PaddingParams(int fixedLength, Direction direction, int padToMultipleOf, int padId, int padTypeId,
                            String padToken) {
    /** Which end receives the padding. */
    public enum Direction { RIGHT, LEFT }

    public PaddingParams {
        if (fixedLength < 0) throw new IllegalArgumentException("padding length must be >= 0, got " + fixedLength);
        if (padToMultipleOf < 0) throw new IllegalArgumentException("pad_to_multiple_of must be >= 0");
        if (direction == null || padToken == null) throw new IllegalArgumentException("direction and pad token are required");
    }

    public boolean batchLongest() {
        return fixedLength == 0;
    }

    /** Right padding to {@code length} with the given pad token, type id 0. */
    public static PaddingParams fixed(int length, int padId, String padToken) {
        return new PaddingParams(length, Direction.RIGHT, 0, padId, 0, padToken);
    }

    /** Right padding to the longest encoding of the batch, type id 0. */
    public static PaddingParams batchLongest(int padId, String padToken) {
        return new PaddingParams(0, Direction.RIGHT, 0, padId, 0, padToken);
    }

    public PaddingParams withLength(int length) {
        return new PaddingParams(length, direction, padToMultipleOf, padId, padTypeId, padToken);
    }

    public PaddingParams withDirection(Direction d) {
        return new PaddingParams(fixedLength, d, padToMultipleOf, padId, padTypeId, padToken);
    }
}
