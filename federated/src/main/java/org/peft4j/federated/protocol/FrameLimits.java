package org.peft4j.federated.protocol;

import java.time.Duration;

/**
 * Bounds every reader checks before it allocates or waits.
 *
 * @param maxFrameBytes  largest frame payload accepted (the frame's length field); larger frames are refused
 *                       before a byte of payload is read
 * @param maxHeaderBytes largest JSON header inside a payload, and largest safetensors header in a tensor section
 * @param frameTimeout   once the first byte of a frame has arrived, the whole frame must arrive within this time
 *                       (a peer that trickles bytes cannot hold a reader forever)
 */
public record FrameLimits(int maxFrameBytes, int maxHeaderBytes, Duration frameTimeout) {
    /** 256 MiB frames (a LoRA adapter of a 7B model at r=16 is about 80 MiB in F32), 1 MiB headers, 60 s per frame. */
    public static final FrameLimits DEFAULT = new FrameLimits(256 << 20, 1 << 20, Duration.ofSeconds(60));

    public FrameLimits {
        if (maxFrameBytes < 64 || maxFrameBytes > Integer.MAX_VALUE - 64)
            throw new IllegalArgumentException("maxFrameBytes must be in [64, 2^31-128], got " + maxFrameBytes);
        if (maxHeaderBytes < 64 || maxHeaderBytes > maxFrameBytes)
            throw new IllegalArgumentException("maxHeaderBytes must be in [64, maxFrameBytes=" + maxFrameBytes + "], got " + maxHeaderBytes);
        if (frameTimeout == null || frameTimeout.isNegative() || frameTimeout.isZero())
            throw new IllegalArgumentException("frameTimeout must be positive, got " + frameTimeout);
    }

    public FrameLimits withMaxFrameBytes(int bytes) { return new FrameLimits(bytes, Math.min(maxHeaderBytes, bytes), frameTimeout); }
    public FrameLimits withFrameTimeout(Duration timeout) { return new FrameLimits(maxFrameBytes, maxHeaderBytes, timeout); }
}
