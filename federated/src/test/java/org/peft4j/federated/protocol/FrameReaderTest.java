package org.peft4j.federated.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The frame layer over real loopback sockets: every malformed or slow input ends in a typed exception. */
class FrameReaderTest {
    private static final FrameLimits LIMITS = new FrameLimits(1 << 20, 4096, Duration.ofMillis(300));

    private static long in(long ms) { return System.nanoTime() + ms * 1_000_000; }

    private static byte[] header(int version, int type, int flags, long length) {
        return ByteBuffer.allocate(12).put(Frame.MAGIC).putShort((short) version).put((byte) type).put((byte) flags).putInt((int) length).array();
    }

    private static <T extends ProtocolException> T readFails(Class<T> kind, byte[] sent, boolean closeAfter) throws IOException {
        return readFails(kind, sent, closeAfter, 2000);
    }

    private static <T extends ProtocolException> T readFails(Class<T> kind, byte[] sent, boolean closeAfter, long deadlineMs) throws IOException {
        try (SocketPair p = new SocketPair()) {
            OutputStream out = p.left.getOutputStream();
            out.write(sent);
            out.flush();
            if (closeAfter) p.left.shutdownOutput();
            FrameReader r = new FrameReader(p.right, LIMITS, "peer");
            return assertThrows(kind, () -> r.read(in(deadlineMs), in(deadlineMs)));
        }
    }

    @Test
    void readsWhatTheWriterWrites() throws IOException {
        try (SocketPair p = new SocketPair()) {
            FrameWriter w = new FrameWriter(p.left.getOutputStream(), LIMITS);
            w.write(MessageType.LEAVE, new byte[]{1, 2, 3});
            w.write(MessageType.ERROR, new byte[0]);
            FrameReader r = new FrameReader(p.right, LIMITS, "peer");
            Frame a = r.read(in(2000), in(2000));
            Frame b = r.read(in(2000), in(2000));
            assertEquals(MessageType.LEAVE, a.type());
            assertArrayEquals(new byte[]{1, 2, 3}, a.payload());
            assertEquals(MessageType.ERROR, b.type());
            assertEquals(12 + 3 + 12, r.bytesRead());
            assertEquals(r.bytesRead(), w.bytesWritten());
        }
    }

    @Test
    void garbageIsBadMagic() throws IOException {
        ProtocolException e = readFails(BadMagicException.class, "GET / HTTP/1.1\r\n\r\n".getBytes(), false);
        assertTrue(e.getMessage().contains("found 47455420"), e.getMessage());
    }

    @Test
    void unknownVersionTypeAndFlagsAreRejected() throws IOException {
        readFails(UnsupportedVersionException.class, header(2, 11, 0, 0), false);
        readFails(MalformedPayloadException.class, header(1, 99, 0, 0), false);
        readFails(MalformedPayloadException.class, header(1, 11, 0x80, 0), false);
        readFails(MalformedPayloadException.class, header(1, 11, Frame.FLAG_MAC, 0), false); // MAC before a session key
    }

    @Test
    void oversizedLengthIsRefusedBeforeAllocation() throws IOException {
        // 4 GiB - 1 would not even fit the test heap: the reader must refuse from the header alone
        ProtocolException e = readFails(FrameTooLargeException.class, header(1, 7, 0, 0xffffffffL), false);
        assertTrue(e.getMessage().contains("4294967295"), e.getMessage());
        readFails(FrameTooLargeException.class, header(1, 7, 0, LIMITS.maxFrameBytes() + 1L), false);
        // before the handshake only small frames are allowed, whatever the configured limit
        e = readFails(FrameTooLargeException.class, header(1, 1, 0, FrameReader.PRE_AUTH_MAX_BYTES + 1L), false);
        assertTrue(e.getMessage().contains("before authentication"), e.getMessage());
    }

    @Test
    void authenticatedPeersMaySendUpToTheFullLimit() throws IOException {
        byte[] key = new byte[32];
        try (SocketPair p = new SocketPair()) {
            FrameWriter w = new FrameWriter(p.left.getOutputStream(), LIMITS);
            w.enableMac(new FrameMac(key, (byte) 'C'));
            FrameReader r = new FrameReader(p.right, LIMITS, "peer");
            r.enableMac(new FrameMac(key, (byte) 'C'));
            byte[] big = new byte[LIMITS.maxFrameBytes()];
            big[big.length - 1] = 42;
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    w.write(MessageType.GLOBAL_ADAPTER, big);
                } catch (IOException ignored) {
                    // the assertion below reports a failed transfer
                }
            });
            Frame f = r.read(in(10_000), in(10_000));
            assertEquals(42, f.payload()[big.length - 1]);
            assertEquals(big.length, f.payload().length);
            writer.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void truncatedFramesAndCleanCloses() throws IOException {
        readFails(TruncatedFrameException.class, new byte[]{'P', '4'}, true);
        byte[] partial = ByteBuffer.allocate(12 + 5).put(header(1, 11, 0, 10)).put(new byte[5]).array();
        ProtocolException e = readFails(TruncatedFrameException.class, partial, true);
        assertTrue(e.getMessage().contains("after 5 of 10 bytes"), e.getMessage());
        readFails(PeerClosedException.class, new byte[0], true);
    }

    @Test
    @Timeout(30) // guard: without the frame timeout this test would wait for its 60 s idle deadline
    void idleAndStalledPeersTimeOut() throws IOException {
        try (SocketPair p = new SocketPair()) {
            FrameReader r = new FrameReader(p.right, LIMITS, "peer");
            assertThrows(PeerTimeoutException.class, () -> r.read(in(100), in(100)));
        }
        // the header arrives, then nothing: the frame timeout (300 ms) ends the wait, not the 60 s idle deadline
        ProtocolException e = readFails(PeerTimeoutException.class, header(1, 11, 0, 10), false, 60_000);
        assertTrue(e.getMessage().contains("stalled while sending LEAVE payload"), e.getMessage());
    }

    @Test
    @Timeout(30)
    void tricklingPeerCannotExtendTheFrameDeadline() throws Exception {
        try (SocketPair p = new SocketPair()) {
            Thread trickler = Thread.ofVirtual().start(() -> {
                try {
                    OutputStream out = p.left.getOutputStream();
                    byte[] frame = ByteBuffer.allocate(12 + 100).put(header(1, 11, 0, 100)).array();
                    for (byte b : frame) {
                        out.write(b);
                        out.flush();
                        Thread.sleep(20); // each byte well within any per-read timeout
                    }
                } catch (IOException | InterruptedException ignored) {
                    // the reader hung up on us, as it should
                }
            });
            FrameReader r = new FrameReader(p.right, LIMITS, "peer");
            assertThrows(PeerTimeoutException.class, () -> r.read(in(60_000), in(60_000)));
            p.left.close();
            trickler.join();
        }
    }

    @Test
    void macProtectsAgainstTamperingAndReplay() throws IOException {
        byte[] key = new byte[32];
        try (SocketPair p = new SocketPair()) {
            FrameWriter w = new FrameWriter(p.left.getOutputStream(), LIMITS);
            w.enableMac(new FrameMac(key, (byte) 'C'));
            w.write(MessageType.LEAVE, new byte[]{1, 2, 3});
            FrameReader r = new FrameReader(p.right, LIMITS, "peer");
            r.enableMac(new FrameMac(key, (byte) 'C'));
            assertArrayEquals(new byte[]{1, 2, 3}, r.read(in(2000), in(2000)).payload());
        }
        // reflected direction: a frame tagged for C→S does not verify as S→C
        try (SocketPair p = new SocketPair()) {
            FrameWriter w = new FrameWriter(p.left.getOutputStream(), LIMITS);
            w.enableMac(new FrameMac(key, (byte) 'S'));
            w.write(MessageType.LEAVE, new byte[]{1});
            FrameReader r = new FrameReader(p.right, LIMITS, "peer");
            r.enableMac(new FrameMac(key, (byte) 'C'));
            assertThrows(AuthenticationException.class, () -> r.read(in(2000), in(2000)));
        }
        // an untagged frame after the handshake
        try (SocketPair p = new SocketPair()) {
            new FrameWriter(p.left.getOutputStream(), LIMITS).write(MessageType.LEAVE, new byte[]{1});
            FrameReader r = new FrameReader(p.right, LIMITS, "peer");
            r.enableMac(new FrameMac(key, (byte) 'C'));
            assertThrows(AuthenticationException.class, () -> r.read(in(2000), in(2000)));
        }
        // a replayed frame (same bytes twice): the second fails because the sequence number moved on
        try (SocketPair p = new SocketPair()) {
            FrameWriter w = new FrameWriter(p.left.getOutputStream(), LIMITS);
            w.enableMac(new FrameMac(key, (byte) 'C'));
            java.io.ByteArrayOutputStream copy = new java.io.ByteArrayOutputStream();
            FrameWriter recorder = new FrameWriter(copy, LIMITS);
            recorder.enableMac(new FrameMac(key, (byte) 'C'));
            recorder.write(MessageType.LEAVE, new byte[]{1});
            p.left.getOutputStream().write(copy.toByteArray());
            p.left.getOutputStream().write(copy.toByteArray());
            FrameReader r = new FrameReader(p.right, LIMITS, "peer");
            r.enableMac(new FrameMac(key, (byte) 'C'));
            r.read(in(2000), in(2000));
            assertThrows(AuthenticationException.class, () -> r.read(in(2000), in(2000)));
        }
    }

    @Test
    void writerRefusesFramesOverTheLimit() throws IOException {
        try (SocketPair p = new SocketPair()) {
            FrameWriter w = new FrameWriter(p.left.getOutputStream(), LIMITS);
            assertThrows(IllegalArgumentException.class, () -> w.write(MessageType.GLOBAL_ADAPTER, new byte[LIMITS.maxFrameBytes() + 1]));
        }
    }
}
