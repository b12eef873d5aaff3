package org.peft4j.federated.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.peft4j.tensor.Tensor;

class MessageCodecTest {
    private final MessageCodec codec = new MessageCodec(FrameLimits.DEFAULT);

    private Message roundTrip(Message m) throws MalformedPayloadException {
        return codec.decode(new Frame(m.type(), codec.encode(m)), "test");
    }

    @Test
    void everyMessageRoundTrips() throws Exception {
        byte[] n = new byte[32];
        n[3] = 9;
        Message.Hello h = (Message.Hello) roundTrip(new Message.Hello("client-7", n));
        assertEquals("client-7", h.clientId());
        assertArrayEquals(n, h.nonce());
        Message.Challenge c = (Message.Challenge) roundTrip(new Message.Challenge(n, n));
        assertArrayEquals(n, c.proof());
        assertArrayEquals(n, ((Message.AuthResponse) roundTrip(new Message.AuthResponse(n))).proof());
        assertEquals("srv", ((Message.AuthOk) roundTrip(new Message.AuthOk("srv"))).serverId());

        Message.RoundConfig rc = (Message.RoundConfig) roundTrip(new Message.RoundConfig(3, 1500, Map.of("lr", 1e-3, "epochs", 2L, "method", "lora", "bias", true)));
        assertEquals(3, rc.round());
        assertEquals(1500, rc.deadlineMillis());
        assertEquals(Map.of("lr", 1e-3, "epochs", 2L, "method", "lora", "bias", true), rc.settings());
        assertEquals(2L, rc.longSetting("epochs", 0));

        Tensor a = Tensor.of(new float[]{1, 2, 3, 4, 5, 6}, 2, 3);
        Message.GlobalAdapter g = (Message.GlobalAdapter) roundTrip(new Message.GlobalAdapter(4, Map.of("a", a)));
        assertArrayEquals(a.toFloatArray(), g.tensors().get("a").toFloatArray());

        SparseTensor s = SparseTensor.select(Tensor.of(new float[]{1, 2, 3, 4, 5, 6, 7, 8, 9}, 3, 3),
                new boolean[]{true, false, false, true, false, false, false, false, true});
        Message.ClientUpdate u = (Message.ClientUpdate) roundTrip(new Message.ClientUpdate(4, 120, Map.of("loss", 0.25),
                new TensorUpdate(Map.of("a", a), Map.of("b", s))));
        assertEquals(120, u.samples());
        assertEquals(Map.of("loss", 0.25), u.metrics());
        assertArrayEquals(a.toFloatArray(), u.update().dense().get("a").toFloatArray());
        assertEquals(s, u.update().sparse().get("b"));
        assertEquals(1, u.update().dense().size());
        assertArrayEquals(new float[]{1, 0, 0, 4, 0, 0, 0, 0, 9}, u.update().sparse().get("b").toDense(0).toFloatArray());

        assertTrue(((Message.EvalRequest) roundTrip(new Message.EvalRequest(2, Map.of()))).tensors().isEmpty());
        assertEquals(1, ((Message.EvalRequest) roundTrip(new Message.EvalRequest(2, Map.of("a", a)))).tensors().size());
        Message.EvalResult er = (Message.EvalResult) roundTrip(new Message.EvalResult(2, 50, Map.of("accuracy", 0.9)));
        assertEquals(0.9, er.metrics().get("accuracy"));
        assertEquals("bad_update", ((Message.Error) roundTrip(new Message.Error("bad_update", "NaN in a"))).code());
        assertEquals("done", ((Message.Leave) roundTrip(new Message.Leave("done"))).reason());
    }

    private static byte[] payload(String json, byte[] section) {
        byte[] j = json.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + j.length + section.length).putInt(j.length).put(j).put(section).array();
    }

    private MalformedPayloadException rejects(MessageType type, byte[] payload, String fragment) {
        MalformedPayloadException e = assertThrows(MalformedPayloadException.class, () -> codec.decode(new Frame(type, payload), "peer-x"));
        assertTrue(e.getMessage().contains(fragment), "'" + e.getMessage() + "' should mention '" + fragment + "'");
        assertTrue(e.getMessage().startsWith("peer-x: "), "message names the peer: " + e.getMessage());
        return e;
    }

    @Test
    void rejectsMalformedHeaders() {
        rejects(MessageType.LEAVE, new byte[2], "has no header length");
        rejects(MessageType.LEAVE, ByteBuffer.allocate(8).putInt(0x7fffffff).array(), "limit is");
        rejects(MessageType.LEAVE, ByteBuffer.allocate(8).putInt(100).array(), "payload has only 4");
        rejects(MessageType.LEAVE, payload("{\"reason\":", new byte[0]), "JSON header is invalid");
        rejects(MessageType.LEAVE, payload("[]", new byte[0]), "must be a JSON object");
        rejects(MessageType.LEAVE, payload("{}", new byte[0]), "field 'reason' is missing");
        rejects(MessageType.LEAVE, payload("{\"reason\":5}", new byte[0]), "must be a string");
        rejects(MessageType.LEAVE, payload("{\"reason\":\"x\",\"extra\":1}", new byte[0]), "'extra' is not part of LEAVE");
        rejects(MessageType.LEAVE, payload("{\"reason\":\"x\"}", new byte[3]), "carries no tensors");
        rejects(MessageType.HELLO, payload("{\"client_id\":\"a b\",\"nonce\":\"AAAA\"}", new byte[0]), "must be 1-128 characters");
        rejects(MessageType.HELLO, payload("{\"client_id\":\"ab\",\"nonce\":\"AAAA\"}", new byte[0]), "must decode to 32 bytes");
        rejects(MessageType.HELLO, payload("{\"client_id\":\"ab\",\"nonce\":\"!!\"}", new byte[0]), "is not base64");
        rejects(MessageType.ROUND_CONFIG, payload("{\"round\":-1,\"deadline_ms\":5}", new byte[0]), "must be >= 0");
        rejects(MessageType.ROUND_CONFIG, payload("{\"round\":1.5,\"deadline_ms\":5}", new byte[0]), "must be an integer");
        rejects(MessageType.ROUND_CONFIG, payload("{\"round\":1,\"deadline_ms\":5,\"settings\":{\"x\":[1]}}", new byte[0]), "must be a string");
        rejects(MessageType.ROUND_CONFIG, payload("{\"round\":1,\"deadline_ms\":5,\"settings\":{\"x\":{\"y\":{\"z\":{\"w\":{\"v\":{\"u\":{\"t\":{\"s\":1}}}}}}}}}", new byte[0]), "JSON header is invalid");
        rejects(MessageType.GLOBAL_ADAPTER, payload("{\"round\":1}", new byte[]{1, 2, 3}), "tensor section");
        rejects(MessageType.EVAL_RESULT, payload("{\"round\":1,\"samples\":3,\"metrics\":{\"acc\":\"high\"}}", new byte[0]), "must be a number");
    }

    @Test
    void rejectsInconsistentSparseUpdates() {
        SafetensorsTensorCodec st = new SafetensorsTensorCodec();
        String header = "{\"round\":1,\"samples\":3,\"sparse\":{\"b\":[3,3]}}";
        // mask selects 2 elements, 3 values sent
        byte[] twoSelected = st.encode(Map.of("b", Tensor.of(new float[]{1, 2, 3}, 3), "b::mask", u8(new byte[]{3, 0})));
        rejects(MessageType.CLIENT_UPDATE, payload(header, twoSelected), "mask selects 2 elements but 3 values");
        // padding bit beyond element 9 set
        byte[] padding = st.encode(Map.of("b", Tensor.of(new float[]{1, 2}, 2), "b::mask", u8(new byte[]{1, 2})));
        rejects(MessageType.CLIENT_UPDATE, payload(header, padding), "padding bits");
        byte[] noMask = st.encode(Map.of("b", Tensor.of(new float[]{1}, 1)));
        rejects(MessageType.CLIENT_UPDATE, payload(header, noMask), "needs tensors");
        byte[] strayMask = st.encode(Map.of("c::mask", u8(new byte[]{1})));
        rejects(MessageType.CLIENT_UPDATE, payload("{\"round\":1,\"samples\":3}", strayMask), "reserved '::'");
        byte[] wrongDtype = st.encode(Map.of("b", Tensor.ofInts(new int[]{1}, 1), "b::mask", u8(new byte[]{1, 0})));
        rejects(MessageType.CLIENT_UPDATE, payload(header, wrongDtype), "must be F32 1-D");
    }

    @Test
    void refusesToSendWhatCannotBeRead() {
        assertThrows(IllegalArgumentException.class, () -> codec.encode(new Message.ClientUpdate(1, 1, Map.of("loss", Double.NaN), TensorUpdate.dense(Map.of()))));
        assertThrows(IllegalArgumentException.class, () -> codec.encode(new Message.ClientUpdate(1, 1, Map.of(), TensorUpdate.dense(Map.of("a::b", Tensor.zeros(1))))));
        assertThrows(IllegalArgumentException.class, () -> new Message.RoundConfig(1, 10, Map.of("nested", Map.of("a", 1))));
    }

    private static Tensor u8(byte[] b) {
        return Tensor.ofSegment(java.lang.foreign.MemorySegment.ofArray(b), org.peft4j.tensor.DType.U8, b.length);
    }
}
