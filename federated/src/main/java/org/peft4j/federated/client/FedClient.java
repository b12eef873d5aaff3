package org.peft4j.federated.client;

import java.io.IOException;
import java.net.Socket;
import java.util.Map;
import org.peft4j.federated.protocol.AuthenticationException;
import org.peft4j.federated.protocol.Connection;
import org.peft4j.federated.protocol.ErrorCodes;
import org.peft4j.federated.protocol.Handshake;
import org.peft4j.federated.protocol.Message;
import org.peft4j.federated.protocol.MessageCodec;
import org.peft4j.federated.protocol.Transport;
import org.peft4j.tensor.Tensor;

/**
 * A federated client: connects (reconnecting with backoff after any network or protocol failure), authenticates,
 * then serves the server's requests — train on ROUND_CONFIG + GLOBAL_ADAPTER, evaluate on EVAL_REQUEST — until
 * the server says LEAVE. A wrong shared key is not retried: it cannot fix itself.
 */
public final class FedClient implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.peft4j.federated.client");

    private final ClientConfig cfg;
    private final LocalTrainer trainer;
    private final MessageCodec codec;
    private volatile Connection current;
    private volatile boolean stopped;
    private volatile int roundsTrained;
    private volatile int connections;

    public FedClient(ClientConfig cfg, LocalTrainer trainer) {
        this.cfg = cfg;
        this.trainer = trainer;
        this.codec = new MessageCodec(cfg.limits());
    }

    public int roundsTrained() { return roundsTrained; }

    /** Successful handshakes so far (1 plus the number of reconnections). */
    public int connections() { return connections; }

    /**
     * Runs until the server sends LEAVE (returns its reason), {@link #close()} is called (returns null), or
     * reconnecting fails maxAttempts times in a row (throws the last failure).
     */
    public String run() throws IOException, InterruptedException {
        Backoff backoff = new Backoff(cfg.backoffInitial(), cfg.backoffMax(), cfg.clientId().hashCode());
        while (!stopped) {
            try (Connection c = connect()) {
                backoff.reset();
                String reason = serve(c);
                if (reason != null) return reason;
            } catch (AuthenticationException e) {
                throw e;
            } catch (IOException e) {
                if (stopped) break;
                if (cfg.maxAttempts() >= 0 && backoff.attempts() >= cfg.maxAttempts()) throw e;
                long wait = backoff.nextDelayMillis();
                LOG.log(System.Logger.Level.INFO, cfg.clientId() + ": " + e.getMessage() + "; reconnecting in " + wait + " ms");
                Thread.sleep(wait);
            } finally {
                current = null;
            }
        }
        return null;
    }

    private Connection connect() throws IOException {
        Socket s = Transport.connect(cfg.host(), cfg.port(), cfg.tls(), cfg.connectTimeout());
        Connection c = new Connection(s, codec);
        current = c;
        if (stopped) {
            c.close();
            throw new IOException("client stopped");
        }
        try {
            Handshake.asClient(c, cfg.key(), cfg.clientId(), cfg.handshakeTimeout());
            c.namePeer("server");
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
        connections++;
        return c;
    }

    /** Returns the server's LEAVE reason; throws on any connection problem (the caller reconnects). */
    private String serve(Connection c) throws IOException {
        Message.RoundConfig config = null;
        Map<String, Tensor> lastGlobal = Map.of();
        while (!stopped) {
            Message m = c.receive(cfg.idleTimeout());
            switch (m) {
                case Message.RoundConfig rc -> config = rc;
                case Message.GlobalAdapter g -> {
                    lastGlobal = g.tensors();
                    if (config == null || config.round() != g.round()) {
                        c.sendErrorQuietly(ErrorCodes.UNEXPECTED, "GLOBAL_ADAPTER for round " + g.round() + " without its ROUND_CONFIG");
                        continue;
                    }
                    trainAndReply(c, config, g.tensors());
                }
                case Message.EvalRequest r -> evaluateAndReply(c, r, r.tensors().isEmpty() ? lastGlobal : r.tensors());
                case Message.Leave l -> {
                    return l.reason();
                }
                case Message.Error e -> LOG.log(System.Logger.Level.WARNING, cfg.clientId() + ": server reported " + e.code() + ": " + e.message());
                default -> {
                    c.sendErrorQuietly(ErrorCodes.UNEXPECTED, "a client does not accept " + m.type());
                    throw new IOException("server sent " + m.type() + ", which a client never accepts");
                }
            }
        }
        return null;
    }

    private void trainAndReply(Connection c, Message.RoundConfig config, Map<String, Tensor> global) throws IOException {
        LocalResult r;
        try {
            r = trainer.train(new RoundContext(config.round(), config.deadlineMillis(), config.settings()), global);
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, cfg.clientId() + ": local training failed in round " + config.round() + ": " + e);
            c.send(new Message.Error(ErrorCodes.TRAINER_FAILED, String.valueOf(e.getMessage())));
            return;
        }
        try {
            c.send(new Message.ClientUpdate(config.round(), r.samples(), r.metrics(), r.update()));
        } catch (IllegalArgumentException unsendable) { // e.g. a NaN metric or a reserved tensor name: nothing was written
            c.send(new Message.Error(ErrorCodes.TRAINER_FAILED, "update cannot be encoded: " + unsendable.getMessage()));
            return;
        }
        roundsTrained++;
    }

    private void evaluateAndReply(Connection c, Message.EvalRequest req, Map<String, Tensor> weights) throws IOException {
        try {
            EvalOutcome o = trainer.evaluate(req.round(), weights);
            c.send(new Message.EvalResult(req.round(), o.samples(), o.metrics()));
        } catch (Exception e) {
            c.send(new Message.Error(ErrorCodes.TRAINER_FAILED, "evaluation failed: " + e.getMessage()));
        }
    }

    /** Stops the client: closes the current connection and ends {@link #run()}. */
    @Override
    public void close() {
        stopped = true;
        Connection c = current;
        if (c != null) c.close();
    }
}
