package org.peft4j.federated.protocol;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.peft4j.tensor.Tensor;

/** The messages of the federated protocol (PROTOCOL.md describes each one's JSON header and tensors). */
public sealed interface Message {
    MessageType type();

    /** Client → server, first frame: who I am and my challenge to you. */
    record Hello(String clientId, byte[] nonce) implements Message {
        public MessageType type() { return MessageType.HELLO; }
    }

    /** Server → client: the server's challenge and its proof that it holds the shared key. */
    record Challenge(byte[] nonce, byte[] proof) implements Message {
        public MessageType type() { return MessageType.CHALLENGE; }
    }

    /** Client → server: the client's proof that it holds the shared key. */
    record AuthResponse(byte[] proof) implements Message {
        public MessageType type() { return MessageType.AUTH_RESPONSE; }
    }

    /** Server → client: authenticated; from the next frame on, every frame carries a MAC. */
    record AuthOk(String serverId) implements Message {
        public MessageType type() { return MessageType.AUTH_OK; }
    }

    /**
     * Server → client: a round begins. The update must arrive within deadlineMillis of this message;
     * settings are flat scalars (String, Long, Double, Boolean) for the local trainer (epochs, lr, rank, ...).
     */
    record RoundConfig(int round, long deadlineMillis, Map<String, Object> settings) implements Message {
        public RoundConfig {
            for (Map.Entry<String, Object> e : settings.entrySet())
                if (!(e.getValue() instanceof String || e.getValue() instanceof Long || e.getValue() instanceof Integer
                        || e.getValue() instanceof Double || e.getValue() instanceof Float || e.getValue() instanceof Boolean))
                    throw new IllegalArgumentException("setting '" + e.getKey() + "' must be a string, number or boolean, found "
                            + (e.getValue() == null ? "null" : e.getValue().getClass().getSimpleName()));
            settings = Collections.unmodifiableMap(new TreeMap<>(settings));
        }
        public MessageType type() { return MessageType.ROUND_CONFIG; }

        public double doubleSetting(String name, double fallback) {
            Object v = settings.get(name);
            return v instanceof Number n ? n.doubleValue() : fallback;
        }

        public long longSetting(String name, long fallback) {
            Object v = settings.get(name);
            return v instanceof Number n ? n.longValue() : fallback;
        }
    }

    /** Server → client: the global adapter tensors of this round. */
    record GlobalAdapter(int round, Map<String, Tensor> tensors) implements Message {
        public GlobalAdapter {
            tensors = Collections.unmodifiableMap(new TreeMap<>(tensors));
        }
        public MessageType type() { return MessageType.GLOBAL_ADAPTER; }
    }

    /** Client → server: the locally trained tensors, the number of samples they were trained on, local metrics. */
    record ClientUpdate(int round, long samples, Map<String, Double> metrics, TensorUpdate update) implements Message {
        public ClientUpdate {
            metrics = Collections.unmodifiableMap(new TreeMap<>(metrics));
        }
        public MessageType type() { return MessageType.CLIENT_UPDATE; }
    }

    /** Server → client: evaluate these tensors (empty: the last global adapter received) on local held-out data. */
    record EvalRequest(int round, Map<String, Tensor> tensors) implements Message {
        public EvalRequest {
            tensors = Collections.unmodifiableMap(new TreeMap<>(tensors));
        }
        public MessageType type() { return MessageType.EVAL_REQUEST; }
    }

    /** Client → server: evaluation metrics over samples held-out examples. */
    record EvalResult(int round, long samples, Map<String, Double> metrics) implements Message {
        public EvalResult {
            metrics = Collections.unmodifiableMap(new TreeMap<>(metrics));
        }
        public MessageType type() { return MessageType.EVAL_RESULT; }
    }

    /** Either direction: something went wrong; code is machine-readable (see {@link ErrorCodes}). */
    record Error(String code, String message) implements Message {
        public MessageType type() { return MessageType.ERROR; }
    }

    /** Either direction: orderly goodbye. */
    record Leave(String reason) implements Message {
        public MessageType type() { return MessageType.LEAVE; }
    }
}
