package org.peft4j.federated.server;

import java.util.Map;
import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A JDK Flight Recorder event per federated training round on the server, spanning from client sampling to the
 * checkpointed new global adapter: who was asked, who delivered, the bytes each way and the aggregation time.
 * On in every recording by default ({@code -XX:StartFlightRecording:+org.peft4j.FedRound#enabled=false} turns it
 * off; docs/PROFILING.md).
 */
@Name(FedRoundEvent.NAME)
@Label("peft4j Federated Round")
@Category({"peft4j", "Federated"})
@Description("One FedAvg round on the server")
@StackTrace(false)
public final class FedRoundEvent extends Event {
    public static final String NAME = "org.peft4j.FedRound";

    @Label("Round") public int round;
    @Label("Clients Sampled") public int sampled;
    @Label("Clients Delivered") @Description("valid updates aggregated this round") public int delivered;
    @Label("Samples") @Description("training examples behind the delivered updates") public long samples;
    @Label("Bytes Up") @DataAmount @Description("received from the sampled clients") public long bytesUp;
    @Label("Bytes Down") @DataAmount @Description("sent to the sampled clients") public long bytesDown;
    @Label("Aggregate Time") @jdk.jfr.Timespan(jdk.jfr.Timespan.NANOSECONDS) public long aggregateNanos;

    static FedRoundEvent start(int round) {
        FedRoundEvent e = new FedRoundEvent();
        e.round = round;
        e.begin();
        return e;
    }

    /** Commits after the round is checkpointed; outcomes are the sampled clients' exchanges. */
    void finish(int sampledClients, Map<String, Outcome> outcomes, long aggregateNanos) {
        end();
        if (!shouldCommit()) return;
        sampled = sampledClients;
        for (Outcome o : outcomes.values()) {
            bytesUp += o.bytesUp();
            bytesDown += o.bytesDown();
            if (o.ok()) {
                delivered++;
                samples += o.samples();
            }
        }
        this.aggregateNanos = aggregateNanos;
        commit();
    }
}
