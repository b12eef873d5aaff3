package org.peft4j.federated.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.peft4j.federated.protocol.BadMagicException;
import org.peft4j.federated.protocol.Connection;
import org.peft4j.federated.protocol.FrameTooLargeException;
import org.peft4j.federated.protocol.MalformedPayloadException;
import org.peft4j.federated.protocol.UnsupportedVersionException;
import org.peft4j.federated.protocol.Deadlines;
import org.peft4j.federated.protocol.ErrorCodes;
import org.peft4j.federated.protocol.Handshake;
import org.peft4j.federated.protocol.Message;
import org.peft4j.federated.protocol.MessageCodec;
import org.peft4j.federated.protocol.MessageType;
import org.peft4j.federated.protocol.Transport;
import org.peft4j.tensor.Tensor;

/**
 * The federated averaging server over real sockets. An accept thread authenticates each connection on its own
 * virtual thread and keeps the joined clients; {@link #run()} then drives the rounds: wait for enough clients,
 * sample some, send each the round config and the global adapter, collect updates until the round deadline
 * (late, broken, malformed or invalid updates are dropped and the reason logged), average the valid ones,
 * checkpoint atomically, log the round as one JSON line. A restarted server resumes after the last checkpointed
 * round with the checkpointed weights.
 */
public final class FedServer implements Closeable {
    private final ServerConfig cfg;
    private final MessageCodec codec;
    private final CheckpointStore checkpoints;
    private final EventLog log;
    private final Aggregator aggregator;
    private volatile RoundListener roundListener = r -> {};
    private final Map<String, ClientSession> sessions = new ConcurrentHashMap<>();
    private final Set<Connection> live = ConcurrentHashMap.newKeySet();
    private final Object joined = new Object();
    private volatile Map<String, Tensor> global;
    private volatile int completedRound;
    private volatile boolean closed;
    private ServerSocket listener;
    private Thread acceptor;

    /** A FedAvg server; see {@link #FedServer(ServerConfig, Map, Aggregator)}. */
    public FedServer(ServerConfig cfg, Map<String, Tensor> initialGlobal) throws IOException {
        this(cfg, initialGlobal, Aggregator.fedAvg());
    }

    /** Resumes from the checkpoint in cfg.checkpointDir() when there is one, else starts from initialGlobal. */
    public FedServer(ServerConfig cfg, Map<String, Tensor> initialGlobal, Aggregator aggregator) throws IOException {
        this.cfg = cfg;
        this.aggregator = aggregator;
        this.codec = new MessageCodec(cfg.limits());
        this.checkpoints = new CheckpointStore(cfg.checkpointDir());
        this.log = new EventLog(cfg.eventLog());
        Map<String, Tensor> start = new TreeMap<>(initialGlobal);
        var saved = checkpoints.load();
        if (saved.isPresent()) {
            requireSameLayout(start, saved.get().global());
            start = new TreeMap<>(saved.get().global());
            completedRound = saved.get().round();
            ObjectNode e = log.event("resumed");
            e.put("round", completedRound);
            log.write(e);
        }
        this.global = start;
    }

    private void requireSameLayout(Map<String, Tensor> initial, Map<String, Tensor> saved) throws IOException {
        if (!initial.keySet().equals(saved.keySet()))
            throw new IOException("checkpoint in " + cfg.checkpointDir() + " holds tensors " + saved.keySet() + ", the initial adapter " + initial.keySet());
        for (String n : initial.keySet())
            if (!Arrays.equals(initial.get(n).shape(), saved.get(n).shape()))
                throw new IOException("checkpoint tensor '" + n + "' has shape " + Arrays.toString(saved.get(n).shape())
                        + ", the initial adapter " + Arrays.toString(initial.get(n).shape()));
    }

    /** Opens the listening socket and starts admitting clients; returns the bound port. */
    public synchronized int start() throws IOException {
        if (listener != null) throw new IllegalStateException("server already started");
        listener = Transport.listen(cfg.bind(), cfg.port(), cfg.tls());
        acceptor = Thread.ofPlatform().daemon().name("fed-accept-" + listener.getLocalPort()).start(this::acceptLoop);
        ObjectNode e = log.event("listening");
        e.put("port", listener.getLocalPort());
        e.put("tls", cfg.tls() != null);
        log.write(e);
        return listener.getLocalPort();
    }

    /** Called after every completed round (see {@link RoundListener}); replaces any earlier listener. */
    public void onRound(RoundListener l) { this.roundListener = l; }

    public int port() { return listener.getLocalPort(); }
    public String aggregatorName() { return aggregator.name(); }
    public Map<String, Tensor> global() { return global; }
    public int completedRound() { return completedRound; }
    /** Sockets the server holds open (handshaking or joined); dropped and refused peers are not counted. */
    public int openConnections() { return live.size(); }

    public List<String> connectedClients() { return new ArrayList<>(new TreeMap<>(sessions).keySet()); }

    // ------------------------------------------------------------------------------------------------ admission

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = listener.accept();
            } catch (IOException e) {
                if (!closed) logRejected("?", "accept failed: " + e.getMessage(), e);
                continue;
            }
            Thread.ofVirtual().name("fed-admit").start(() -> admit(s));
        }
    }

    private void admit(Socket s) {
        String peer = String.valueOf(s.getRemoteSocketAddress());
        Connection c = null;
        try {
            Transport.configureAccepted(s);
            c = new Connection(s, codec);
            if (live.size() >= cfg.maxConnections()) {
                c.sendErrorQuietly(ErrorCodes.BUSY, "server at its limit of " + cfg.maxConnections() + " connections");
                logRejected(peer, "over the connection limit " + cfg.maxConnections(), null);
                c.close();
                return;
            }
            live.add(c);
            if (closed) throw new IOException("server is shutting down");
            String id = Handshake.asServer(c, cfg.key(), cfg.serverId(), cfg.handshakeTimeout());
            ClientSession session = new ClientSession(id, c);
            ClientSession old = sessions.put(id, session);
            if (old != null) {
                release(old.connection);
                ObjectNode e = log.event("replaced");
                e.put("client", id);
                e.put("reason", "the same client id connected again");
                log.write(e);
            }
            ObjectNode e = log.event("joined");
            e.put("client", id);
            e.put("peer", peer);
            log.write(e);
            synchronized (joined) {
                joined.notifyAll();
            }
        } catch (IOException | RuntimeException e) {
            logRejected(c != null ? c.peer() : peer, e.getMessage(), e);
            if (c != null) {
                tellBadFrame(c, e);
                release(c);
            }
            else closeQuietly(s);
        }
    }

    /** A peer whose bytes broke the framing gets one ERROR saying so (it may be a misconfigured client). */
    private static void tellBadFrame(Connection c, Exception e) {
        if (e instanceof BadMagicException || e instanceof UnsupportedVersionException
                || e instanceof FrameTooLargeException || e instanceof MalformedPayloadException)
            c.sendErrorQuietly(ErrorCodes.BAD_FRAME, e.getMessage());
    }

    private void logRejected(String peer, String reason, Throwable t) {
        ObjectNode e = log.event("rejected");
        e.put("peer", peer);
        e.put("reason", String.valueOf(reason));
        if (t != null) e.put("error", t.getClass().getSimpleName());
        log.write(e);
    }

    private void release(Connection c) {
        live.remove(c);
        c.close();
    }

    private void drop(ClientSession s) {
        sessions.remove(s.clientId, s);
        release(s.connection);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    // ------------------------------------------------------------------------------------------------ rounds

    /** Runs rounds completedRound()+1 .. cfg.rounds(), then says goodbye to every client. */
    public void run() throws IOException, InterruptedException {
        if (listener == null) start();
        while (!closed && completedRound < cfg.rounds()) runRound(completedRound + 1);
        if (!closed) {
            for (ClientSession s : sessions.values()) {
                try {
                    s.connection.send(new Message.Leave("training complete after round " + completedRound));
                } catch (IOException ignored) {
                    // a client that is already gone needs no goodbye
                }
                drop(s);
            }
            log.write(log.event("finished").put("round", completedRound));
        }
    }

    private void waitForClients(int round) throws InterruptedException {
        while (!closed && sessions.size() < cfg.minClients()) {
            long until = Deadlines.after(cfg.waitForClients());
            synchronized (joined) {
                while (!closed && sessions.size() < cfg.minClients() && Deadlines.remainingMillis(until) > 0)
                    joined.wait(Math.max(1, Deadlines.remainingMillis(until)));
            }
            if (sessions.size() < cfg.minClients() && !closed) {
                ObjectNode e = log.event("waiting");
                e.put("round", round);
                e.put("connected", sessions.size());
                e.put("needed", cfg.minClients());
                log.write(e);
            }
        }
    }

    void runRound(int round) throws IOException, InterruptedException {
        waitForClients(round);
        if (closed) return;
        long t0 = System.nanoTime();
        FedRoundEvent event = FedRoundEvent.start(round);
        List<String> chosen = ClientSampler.sample(new ArrayList<>(sessions.keySet()), cfg.clientFraction(), cfg.minClients(), cfg.seed(), round);
        Map<String, Tensor> g = global;
        byte[] broadcast = codec.encode(new Message.GlobalAdapter(round, g)); // once, not once per client
        long deadline = Deadlines.after(cfg.roundDeadline());
        Map<String, Outcome> outcomes = exchange(chosen, deadline, s -> train(s, round, g, broadcast, deadline));

        List<Contribution> contributions = new ArrayList<>();
        for (Outcome o : outcomes.values()) if (o.ok()) contributions.add(o.contribution());
        long t1 = System.nanoTime();
        Map<String, Tensor> next = contributions.isEmpty() ? g : aggregator.aggregate(round, g, contributions);
        long aggregateNanos = System.nanoTime() - t1;
        double gap = contributions.isEmpty() ? Double.NaN : LoraAveragingGap.of(g, contributions);
        checkpoints.save(round, next);
        global = next;
        completedRound = round;
        RoundReport report = RoundReport.of(round, aggregator.name(), next, outcomes, gap, (System.nanoTime() - t0) / 1e6);
        logRound(report, chosen, outcomes, !contributions.isEmpty(), aggregateNanos);
        event.finish(chosen.size(), outcomes, aggregateNanos);
        if (cfg.evalEvery() > 0 && round % cfg.evalEvery() == 0) evaluate(round, next);
        try {
            roundListener.roundCompleted(report);
        } catch (IOException | InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("round listener failed after round " + round + ": " + e.getMessage(), e);
        }
    }

    /** Runs one exchange per client on virtual threads; at the deadline, closes the connections still busy. */
    private Map<String, Outcome> exchange(List<String> ids, long deadline, Function<ClientSession, Outcome> task) throws InterruptedException {
        Map<String, CompletableFuture<Outcome>> running = new LinkedHashMap<>();
        Map<String, ClientSession> used = new LinkedHashMap<>();
        Map<String, Outcome> out = new TreeMap<>();
        for (String id : ids) {
            ClientSession s = sessions.get(id);
            if (s == null) {
                out.put(id, Outcome.failed(id, "disconnected before the round began", 0, 0, 0));
                continue;
            }
            CompletableFuture<Outcome> f = new CompletableFuture<>();
            Thread.ofVirtual().name("fed-round-" + id).start(() -> {
                try {
                    f.complete(task.apply(s));
                } catch (Throwable t) {
                    f.completeExceptionally(t);
                }
            });
            running.put(id, f);
            used.put(id, s);
        }
        for (Map.Entry<String, CompletableFuture<Outcome>> e : running.entrySet()) {
            String id = e.getKey();
            try {
                out.put(id, e.getValue().get(Math.max(1, Deadlines.remainingMillis(deadline)), TimeUnit.MILLISECONDS));
            } catch (TimeoutException late) {
                // closing unblocks the exchange (a read or a write to a peer that stopped reading)
                drop(used.get(id));
                out.put(id, Outcome.failed(id, "missed the round deadline of " + cfg.roundDeadline().toMillis() + " ms", 0, 0, cfg.roundDeadline().toMillis()));
            } catch (ExecutionException bug) {
                drop(used.get(id));
                out.put(id, Outcome.failed(id, "server error: " + bug.getCause(), 0, 0, 0));
            }
        }
        return out;
    }

    private Outcome train(ClientSession s, int round, Map<String, Tensor> g, byte[] broadcast, long deadline) {
        Connection c = s.connection;
        long up0 = c.bytesReceived(), down0 = c.bytesSent(), t0 = System.nanoTime();
        try {
            c.send(new Message.RoundConfig(round, Math.max(1, Deadlines.remainingMillis(deadline)), cfg.settings()));
            c.sendEncoded(MessageType.GLOBAL_ADAPTER, broadcast);
            Message m = c.receiveBy(deadline);
            long up = c.bytesReceived() - up0, down = c.bytesSent() - down0, ms = (System.nanoTime() - t0) / 1_000_000;
            switch (m) {
                case Message.ClientUpdate u -> {
                    try {
                        if (u.round() != round) throw new InvalidUpdateException("update is for round " + u.round() + ", the current round is " + round);
                        UpdateValidator.validate(g, u.samples(), u.update());
                    } catch (InvalidUpdateException bad) {
                        c.sendErrorQuietly(ErrorCodes.BAD_UPDATE, bad.getMessage());
                        return Outcome.failed(s.clientId, "invalid update: " + bad.getMessage(), up, down, ms);
                    }
                    return new Outcome(s.clientId, new Contribution(s.clientId, u.samples(), u.update()), u.samples(), u.metrics(), null, up, down, ms);
                }
                case Message.Error e -> {
                    return Outcome.failed(s.clientId, "client reported " + e.code() + ": " + e.message(), up, down, ms);
                }
                case Message.Leave l -> {
                    drop(s);
                    return Outcome.failed(s.clientId, "left: " + l.reason(), up, down, ms);
                }
                default -> {
                    c.sendErrorQuietly(ErrorCodes.UNEXPECTED, "expected CLIENT_UPDATE, received " + m.type());
                    drop(s);
                    return Outcome.failed(s.clientId, "sent " + m.type() + " instead of an update", up, down, ms);
                }
            }
        } catch (IOException | RuntimeException e) {
            tellBadFrame(c, e);
            drop(s);
            return Outcome.failed(s.clientId, e.getClass().getSimpleName() + ": " + e.getMessage(),
                    c.bytesReceived() - up0, c.bytesSent() - down0, (System.nanoTime() - t0) / 1_000_000);
        }
    }

    private void evaluate(int round, Map<String, Tensor> g) throws InterruptedException {
        long deadline = Deadlines.after(cfg.roundDeadline());
        byte[] request = codec.encode(new Message.EvalRequest(round, g));
        Map<String, Outcome> results = exchange(connectedClients(), deadline, s -> {
            Connection c = s.connection;
            long up0 = c.bytesReceived(), down0 = c.bytesSent(), t0 = System.nanoTime();
            try {
                c.sendEncoded(MessageType.EVAL_REQUEST, request);
                Message m = c.receiveBy(deadline);
                long up = c.bytesReceived() - up0, down = c.bytesSent() - down0, ms = (System.nanoTime() - t0) / 1_000_000;
                if (m instanceof Message.EvalResult r && r.round() == round)
                    return new Outcome(s.clientId, null, r.samples(), r.metrics(), null, up, down, ms);
                if (m instanceof Message.Error e) return Outcome.failed(s.clientId, "client reported " + e.code() + ": " + e.message(), up, down, ms);
                drop(s);
                return Outcome.failed(s.clientId, "sent " + m.type() + " instead of EVAL_RESULT for round " + round, up, down, ms);
            } catch (IOException | RuntimeException e) {
                drop(s);
                return Outcome.failed(s.clientId, e.getClass().getSimpleName() + ": " + e.getMessage(), 0, 0, 0);
            }
        });
        ObjectNode e = log.event("eval");
        e.put("round", round);
        fillOutcomes(e, results);
        log.write(e);
    }

    private void logRound(RoundReport r, List<String> chosen, Map<String, Outcome> outcomes, boolean aggregated, long aggregateNanos) {
        ObjectNode e = log.event("round");
        e.put("round", r.round());
        ArrayNode sampled = e.putArray("sampled");
        chosen.forEach(sampled::add);
        e.put("aggregated", aggregated);
        e.put("aggregator", r.aggregator());
        fillOutcomes(e, outcomes);
        if (Double.isFinite(r.loraAveragingGap())) e.put("lora_avg_gap", r.loraAveragingGap());
        e.put("aggregate_ms", aggregateNanos / 1e6);
        e.put("duration_ms", r.durationMillis());
        log.write(e);
    }

    /** clients that delivered, dropped clients with reasons, byte totals, sample-weighted metric means. */
    private static void fillOutcomes(ObjectNode e, Map<String, Outcome> outcomes) {
        RoundReport totals = RoundReport.of(0, "", Map.of(), outcomes, Double.NaN, 0);
        ArrayNode ok = e.putArray("clients");
        totals.delivered().forEach(ok::add);
        ObjectNode dropped = e.putObject("dropped");
        totals.dropped().forEach(dropped::put);
        ObjectNode per = e.putObject("per_client");
        for (Outcome o : outcomes.values()) {
            ObjectNode c = per.putObject(o.clientId());
            c.put("bytes_up", o.bytesUp());
            c.put("bytes_down", o.bytesDown());
            c.put("ms", o.millis());
            if (!o.ok()) continue;
            c.put("samples", o.samples());
            ObjectNode m = c.putObject("metrics");
            o.metrics().forEach(m::put);
        }
        e.put("samples", totals.samples());
        e.put("bytes_up", totals.bytesUp());
        e.put("bytes_down", totals.bytesDown());
        ObjectNode metrics = e.putObject("metrics");
        totals.metrics().forEach(metrics::put);
    }

    // ------------------------------------------------------------------------------------------------ shutdown

    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        synchronized (joined) {
            joined.notifyAll();
        }
        if (listener != null) listener.close();
        for (Connection c : live) release(c);
        sessions.clear();
        if (acceptor != null) {
            try {
                acceptor.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        log.write(log.event("closed").put("round", completedRound));
        log.close();
    }
}
