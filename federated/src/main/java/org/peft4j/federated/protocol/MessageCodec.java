package org.peft4j.federated.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.peft4j.tensor.DType;
import org.peft4j.tensor.Shapes;
import org.peft4j.tensor.Tensor;

/**
 * Message ↔ frame payload. A payload is a u32 big-endian JSON header length, the UTF-8 JSON header, then the
 * tensor section (safetensors bytes; empty for messages without tensors). Sparse tensors travel as their
 * selected values (F32, 1-D) under their own name plus a U8 packed mask under {@code name + "::mask"}; the
 * header's {@code sparse} object gives each one's dense shape.
 */
public final class MessageCodec {
    /** Suffix of a sparse tensor's mask in the tensor section; "::" is reserved in tensor names. */
    public static final String MASK_SUFFIX = "::mask";

    private final FrameLimits limits;
    private final TensorCodec tensors;

    public MessageCodec(FrameLimits limits, TensorCodec tensors) {
        this.limits = limits;
        this.tensors = tensors;
    }

    public MessageCodec(FrameLimits limits) {
        this(limits, new SafetensorsTensorCodec());
    }

    public FrameLimits limits() { return limits; }

    // ------------------------------------------------------------------------------------------------ encode

    public byte[] encode(Message m) {
        ObjectNode h = WireJson.MAPPER.createObjectNode();
        byte[] section = new byte[0];
        Base64.Encoder b64 = Base64.getEncoder();
        switch (m) {
            case Message.Hello x -> h.put("client_id", x.clientId()).put("nonce", b64.encodeToString(x.nonce()));
            case Message.Challenge x -> h.put("nonce", b64.encodeToString(x.nonce())).put("proof", b64.encodeToString(x.proof()));
            case Message.AuthResponse x -> h.put("proof", b64.encodeToString(x.proof()));
            case Message.AuthOk x -> h.put("server_id", x.serverId());
            case Message.RoundConfig x -> {
                h.put("round", x.round()).put("deadline_ms", x.deadlineMillis());
                ObjectNode s = h.putObject("settings");
                x.settings().forEach((k, v) -> s.set(k, WireJson.MAPPER.valueToTree(v)));
            }
            case Message.GlobalAdapter x -> {
                h.put("round", x.round());
                section = tensors.encode(x.tensors());
            }
            case Message.ClientUpdate x -> {
                h.put("round", x.round()).put("samples", x.samples());
                putNumbers(h, "metrics", x.metrics());
                Map<String, Tensor> all = new LinkedHashMap<>();
                for (Map.Entry<String, Tensor> e : x.update().dense().entrySet()) {
                    requirePlainName(e.getKey());
                    all.put(e.getKey(), e.getValue());
                }
                ObjectNode sparse = h.putObject("sparse");
                for (Map.Entry<String, SparseTensor> e : x.update().sparse().entrySet()) {
                    requirePlainName(e.getKey());
                    SparseTensor s = e.getValue();
                    ArrayNode shape = sparse.putArray(e.getKey());
                    for (int d : s.shape()) shape.add(d);
                    all.put(e.getKey(), Tensor.of(s.valuesUnsafe(), s.selectedCount()));
                    byte[] mask = s.mask();
                    all.put(e.getKey() + MASK_SUFFIX, Tensor.ofSegment(java.lang.foreign.MemorySegment.ofArray(mask), DType.U8, mask.length));
                }
                section = tensors.encode(all);
            }
            case Message.EvalRequest x -> {
                h.put("round", x.round());
                section = tensors.encode(x.tensors());
            }
            case Message.EvalResult x -> {
                h.put("round", x.round()).put("samples", x.samples());
                putNumbers(h, "metrics", x.metrics());
            }
            case Message.Error x -> h.put("code", x.code()).put("message", truncate(x.message()));
            case Message.Leave x -> h.put("reason", truncate(x.reason()));
        }
        byte[] json;
        try {
            json = WireJson.MAPPER.writeValueAsBytes(h);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise " + m.type() + " header", e);
        }
        if (json.length > limits.maxHeaderBytes())
            throw new IllegalArgumentException(m.type() + " header of " + json.length + " bytes exceeds maxHeaderBytes " + limits.maxHeaderBytes());
        return ByteBuffer.allocate(4 + json.length + section.length).putInt(json.length).put(json).put(section).array();
    }

    private static void putNumbers(ObjectNode h, String field, Map<String, Double> values) {
        ObjectNode o = h.putObject(field);
        values.forEach((k, v) -> {
            if (!Double.isFinite(v)) throw new IllegalArgumentException(field + " '" + k + "' is " + v + ": JSON carries only finite numbers");
            o.put(k, v);
        });
    }

    private static void requirePlainName(String name) {
        if (name.contains("::")) throw new IllegalArgumentException("tensor name '" + name + "' contains '::', which the protocol reserves for masks");
    }

    private static String truncate(String s) {
        return s == null ? "" : s.length() <= HeaderFields.MAX_TEXT ? s : s.substring(0, HeaderFields.MAX_TEXT);
    }

    // ------------------------------------------------------------------------------------------------ decode

    public Message decode(Frame frame, String peer) throws MalformedPayloadException {
        byte[] p = frame.payload();
        MessageType type = frame.type();
        if (p.length < 4) throw new MalformedPayloadException(peer, type + " payload of " + p.length + " bytes has no header length");
        long headerLen = ByteBuffer.wrap(p).getInt() & 0xffffffffL;
        if (headerLen > limits.maxHeaderBytes())
            throw new MalformedPayloadException(peer, type + " JSON header declares " + headerLen + " bytes, limit is " + limits.maxHeaderBytes());
        if (headerLen > p.length - 4L)
            throw new MalformedPayloadException(peer, type + " JSON header declares " + headerLen + " bytes but the payload has only " + (p.length - 4));
        JsonNode json;
        try {
            json = WireJson.parse(p, 4, (int) headerLen);
        } catch (IOException e) {
            throw new MalformedPayloadException(peer, type + " JSON header is invalid: " + e.getMessage(), e);
        }
        HeaderFields f = new HeaderFields(json, type, peer);
        int sectionAt = 4 + (int) headerLen;
        int sectionLen = p.length - sectionAt;
        Message m = switch (type) {
            case HELLO -> new Message.Hello(f.id("client_id"), f.bytes("nonce", Handshake.NONCE_BYTES));
            case CHALLENGE -> new Message.Challenge(f.bytes("nonce", Handshake.NONCE_BYTES), f.bytes("proof", Handshake.PROOF_BYTES));
            case AUTH_RESPONSE -> new Message.AuthResponse(f.bytes("proof", Handshake.PROOF_BYTES));
            case AUTH_OK -> new Message.AuthOk(f.id("server_id"));
            case ROUND_CONFIG -> new Message.RoundConfig(f.intValue("round", 0), f.longValue("deadline_ms", 1), f.scalars("settings"));
            case GLOBAL_ADAPTER -> new Message.GlobalAdapter(f.intValue("round", 0), tensors(p, sectionAt, sectionLen, type, peer));
            case CLIENT_UPDATE -> {
                int round = f.intValue("round", 0);
                long samples = f.longValue("samples", 0);
                Map<String, Double> metrics = f.numbers("metrics");
                Map<String, int[]> sparseShapes = f.shapes("sparse");
                yield new Message.ClientUpdate(round, samples, metrics, update(tensors(p, sectionAt, sectionLen, type, peer), sparseShapes, peer));
            }
            case EVAL_REQUEST -> new Message.EvalRequest(f.intValue("round", 0), sectionLen == 0 ? Map.of() : tensors(p, sectionAt, sectionLen, type, peer));
            case EVAL_RESULT -> new Message.EvalResult(f.intValue("round", 0), f.longValue("samples", 0), f.numbers("metrics"));
            case ERROR -> new Message.Error(f.text("code"), f.text("message"));
            case LEAVE -> new Message.Leave(f.text("reason"));
        };
        f.finish();
        boolean carriesTensors = type == MessageType.GLOBAL_ADAPTER || type == MessageType.CLIENT_UPDATE || type == MessageType.EVAL_REQUEST;
        if (!carriesTensors && sectionLen != 0)
            throw new MalformedPayloadException(peer, type + " carries no tensors, but " + sectionLen + " bytes follow its header");
        return m;
    }

    private Map<String, Tensor> tensors(byte[] p, int at, int len, MessageType type, String peer) throws MalformedPayloadException {
        try {
            return tensors.decode(p, at, len);
        } catch (TensorFormatException e) {
            throw new MalformedPayloadException(peer, type + " tensor section: " + e.getMessage(), e);
        }
    }

    private static TensorUpdate update(Map<String, Tensor> section, Map<String, int[]> sparseShapes, String peer) throws MalformedPayloadException {
        Map<String, Tensor> dense = new TreeMap<>();
        Map<String, SparseTensor> sparse = new TreeMap<>();
        for (Map.Entry<String, int[]> e : sparseShapes.entrySet()) {
            String name = e.getKey();
            Tensor values = section.get(name);
            Tensor mask = section.get(name + MASK_SUFFIX);
            if (values == null || mask == null)
                throw new MalformedPayloadException(peer, "sparse tensor '" + name + "' needs tensors '" + name + "' (values) and '" + name + MASK_SUFFIX + "' (mask)");
            if (values.dtype() != DType.F32 || values.dim() != 1)
                throw new MalformedPayloadException(peer, "sparse values '" + name + "' must be F32 1-D, found " + values.dtype() + " " + Shapes.str(values.shape()));
            if (mask.dtype() != DType.U8 || mask.dim() != 1)
                throw new MalformedPayloadException(peer, "sparse mask '" + name + MASK_SUFFIX + "' must be U8 1-D, found " + mask.dtype() + " " + Shapes.str(mask.shape()));
            byte[] bits = new byte[mask.numel()];
            for (int i = 0; i < bits.length; i++) bits[i] = (byte) mask.getLong(i);
            try {
                sparse.put(name, new SparseTensor(e.getValue(), bits, values.toFloatArray()));
            } catch (IllegalArgumentException ex) {
                throw new MalformedPayloadException(peer, "sparse tensor '" + name + "': " + ex.getMessage(), ex);
            }
        }
        for (Map.Entry<String, Tensor> e : section.entrySet()) {
            String name = e.getKey();
            if (sparse.containsKey(name)) continue;
            if (name.endsWith(MASK_SUFFIX) && sparse.containsKey(name.substring(0, name.length() - MASK_SUFFIX.length()))) continue;
            if (name.contains("::")) throw new MalformedPayloadException(peer, "tensor '" + name + "' uses the reserved '::' without a matching sparse entry");
            dense.put(name, e.getValue());
        }
        return new TensorUpdate(dense, sparse);
    }
}
