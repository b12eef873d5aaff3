package org.peft4j.federated.server;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Which connected clients take part in a round: max(minClients, ceil(fraction·N)) of them, a function of (seed, round). */
public final class ClientSampler {
    private ClientSampler() {}

    public static List<String> sample(List<String> connected, double fraction, int minClients, long seed, int round) {
        List<String> ids = new ArrayList<>(connected);
        Collections.sort(ids);
        int k = Math.min(ids.size(), Math.max(minClients, (int) Math.ceil(fraction * ids.size())));
        Collections.shuffle(ids, new Random(seed * 1_000_003L + round));
        List<String> chosen = new ArrayList<>(ids.subList(0, k));
        Collections.sort(chosen);
        return chosen;
    }
}
