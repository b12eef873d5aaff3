package org.peft4j.federated.planner;

import java.util.ArrayList;
import java.util.List;

/**
 * Largest LoRA rank per device by bisection (the paper's Algorithm 1), network rank = min over devices, then
 * each device's CPU frequency at that rank. Bisection is valid because feasibility only gets harder as r grows:
 * the work C·|D| and the exchanged bits both increase with r, which raises the latency minimum frequency and
 * lowers the energy maximum.
 */
public final class RankPlanner {
    private RankPlanner() {}

    /** Largest r in [1, rMax] that the device can run, 0 if none. O(log rMax) feasibility checks. */
    public static int largestRank(DeviceCostModel m, int rMax) {
        if (!m.check(1).feasible()) return 0;
        if (m.check(rMax).feasible()) return rMax;
        int lo = 1, hi = rMax; // invariant: lo feasible, hi infeasible
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (m.check(mid).feasible()) lo = mid;
            else hi = mid;
        }
        return lo;
    }

    public static Plan plan(PlannerInput input) {
        GlobalSpec g = input.global();
        List<DeviceCostModel> models = new ArrayList<>();
        int rank = g.rMax();
        int[] own = new int[input.devices().size()];
        for (int i = 0; i < own.length; i++) {
            DeviceCostModel m = new DeviceCostModel(g, input.devices().get(i));
            models.add(m);
            own[i] = largestRank(m, g.rMax());
            rank = Math.min(rank, own[i]);
        }
        List<Plan.Device> out = new ArrayList<>();
        for (int i = 0; i < own.length; i++) {
            DeviceCostModel m = models.get(i);
            String limit = own[i] < g.rMax() ? m.check(own[i] + 1).binding() : null;
            out.add(new Plan.Device(i, m.device().name(), own[i], limit, m.uplinkRateBps(), m.downlinkRateBps(),
                    rank > 0 ? m.plan(rank) : null));
        }
        return new Plan(rank, out);
    }
}
