package org.peft4j.federated.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RankPlannerTest {
    /**
     * A hand-checkable network: d = k = 10, Â = l = 1, Q = 1 bit, |D| = 1, links of 20 bit/s both ways.
     * Then M = 20r, T_ul = T_dl = r s, work = (2r−1)·100 cycles, and with T0 = 10 s the latency minimum is
     * f(r) = 100(2r−1)/(10−2r): 12.5 Hz at r=1, 50 Hz at r=2, 125 Hz at r=3, 350 Hz at r=4, none at r=5.
     * Energy: Ω = 1e-4, E_cmp = Ω·(2r−1)·100·f², E_ul = P_ul·T_ul = r J (P_ul = 1 W).
     */
    private static PlannerInput tiny(double fMax, double energy, double circuit, double deadline) {
        GlobalSpec g = new GlobalSpec(10, 10, 1, 1, 1, 1e-13, 1, deadline, 8);
        DeviceSpec d = new DeviceSpec("tiny", 1, fMax, 1e-4, 1, Double.NaN, Double.NaN, 1, 20, 20, circuit, energy, 1);
        return new PlannerInput(g, List.of(d));
    }

    @Test
    void latencyBoundCaseWorkedByHand() {
        // f_max = 100 Hz: r=2 needs 50 Hz (ok), r=3 needs 125 Hz (too fast). Energy at r=2: 1e-4·300·50² + 2 + 1 = 78 J ≤ 100.
        Plan p = RankPlanner.plan(tiny(100, 100, 1, 10));
        assertEquals(2, p.rank());
        DevicePlan d = p.devices().get(0).atNetworkRank();
        assertEquals(50.0, d.fHz(), 1e-12);
        assertEquals(6.0, d.tCmpS(), 1e-12);
        assertEquals(10.0, d.latencyS(), 1e-12);
        assertEquals(75.0, d.eCmpJ(), 1e-9);
        assertEquals(78.0, d.energyJ(), 1e-9);
        assertEquals(40, d.params());
        String limit = p.devices().get(0).limit();
        assertTrue(limit.startsWith("rank 3: latency") && limit.contains("125 Hz") && limit.contains("f_max 100"), limit);
    }

    @Test
    void energyBoundCaseWorkedByHand() {
        // E0 = 50 J: at r=2 the budget 50−2−1 = 47 J allows f ≤ sqrt(47/(1e-4·300)) = 39.58 Hz < 50 Hz needed.
        // At r=1 it allows sqrt(48/0.01) = 69.28 Hz ≥ 12.5 Hz; energy = 1e-4·100·12.5² + 1 + 1 = 3.5625 J.
        Plan p = RankPlanner.plan(tiny(100, 50, 1, 10));
        assertEquals(1, p.rank());
        DevicePlan d = p.devices().get(0).atNetworkRank();
        assertEquals(12.5, d.fHz(), 1e-12);
        assertEquals(3.5625, d.energyJ(), 1e-12);
        assertEquals(10.0, d.latencyS(), 1e-12);
        String limit = p.devices().get(0).limit();
        assertTrue(limit.startsWith("rank 2: energy") && limit.contains("39.58 Hz"), limit);
    }

    @Test
    void infeasibleCasesSayWhichConstraintBinds() {
        // communication alone: T_ul + T_dl = 2 s > T0 = 1.5 s
        Plan comm = RankPlanner.plan(tiny(100, 100, 1, 1.5));
        assertEquals(0, comm.rank());
        assertNull(comm.devices().get(0).atNetworkRank());
        assertTrue(comm.devices().get(0).limit().contains("upload 1 s + download 1 s already use the 1.5 s deadline"), comm.devices().get(0).limit());
        // circuit energy alone exceeds the budget
        Plan energy = RankPlanner.plan(tiny(100, 50, 60, 10));
        assertTrue(energy.devices().get(0).limit().contains("energy: upload 1 J + circuit 60 J exceed the 50 J budget"), energy.devices().get(0).limit());
        // CPU too slow even for rank 1 (needs 12.5 Hz)
        Plan slow = RankPlanner.plan(tiny(10, 100, 1, 10));
        assertEquals(0, slow.rank());
        assertTrue(slow.devices().get(0).limit().contains("needs f >= 12.5 Hz, above f_max 10 Hz"), slow.devices().get(0).limit());
        ObjectNode json = PlanJson.toJson(slow);
        assertTrue(json.get("devices").get(0).get("f_hz").isNull());
        assertTrue(json.get("infeasible").get(0).asText().contains("f_max"));
    }

    @Test
    void numbersInMessagesAreShort() {
        assertEquals("125", DeviceCostModel.fmt(125.0));
        assertEquals("39.58", DeviceCostModel.fmt(39.5811));
        assertEquals("1.237e+09", DeviceCostModel.fmt(1237044943.68));
        assertEquals("2e-05", DeviceCostModel.fmt(2e-5));
    }

    @Test
    void rMaxFeasibleHasNoLimit() {
        GlobalSpec g = new GlobalSpec(10, 10, 1, 1, 1, 1e-13, 1, 1000, 8);
        DeviceSpec d = new DeviceSpec("fast", 1, 1e9, 1e-30, 1, Double.NaN, Double.NaN, 1, 1e9, 1e9, 0, 100, 1);
        Plan p = RankPlanner.plan(new PlannerInput(g, List.of(d)));
        assertEquals(8, p.rank());
        assertNull(p.devices().get(0).limit());
    }

    @Test
    void zeroSamplesNeedNoComputation() {
        GlobalSpec g = new GlobalSpec(10, 10, 1, 1, 1, 1e-13, 1, 10, 8);
        DeviceSpec d = new DeviceSpec("idle", 0, 100, 1e-4, 1, Double.NaN, Double.NaN, 1, 20, 20, 1, 100, 1);
        Plan p = RankPlanner.plan(new PlannerInput(g, List.of(d)));
        // only communication: 2r ≤ 10 s → r ≤ 5 (r = 5 fills the deadline exactly, allowed with no work to do)
        assertEquals(5, p.rank());
        assertEquals(0.0, p.devices().get(0).atNetworkRank().fHz());
        assertEquals(10.0, p.devices().get(0).atNetworkRank().latencyS());
        assertEquals(5 + 1, p.devices().get(0).atNetworkRank().energyJ(), 1e-12);
        assertTrue(p.devices().get(0).limit().startsWith("rank 6: latency"), p.devices().get(0).limit());
    }

    @Test
    void exampleFileMatchesAnIndependentComputation() throws IOException {
        // reference values from a separate Python evaluation of the same formulas, scanning every rank 1..64
        PlannerInput in = PlannerInputReader.read(Path.of(System.getProperty("peft4j.fixtures"), "planner", "devices-example.json"));
        Plan p = RankPlanner.plan(in);
        assertEquals(17, p.rank());
        assertEquals(26, p.devices().get(0).ownRank());
        assertEquals(17, p.devices().get(1).ownRank());
        assertEquals(1.6287730413124751e7, p.devices().get(0).uplinkBps(), 1e-3);
        assertEquals(1.9931570012018494e7, p.devices().get(0).downlinkBps(), 1e-3);
        DevicePlan d0 = p.devices().get(0).atNetworkRank();
        DevicePlan d1 = p.devices().get(1).atNetworkRank();
        assertEquals(1237044943.6831284, d0.fHz(), 1e-3);
        assertEquals(2.3117647395384826, d0.energyJ(), 1e-12);
        assertEquals(994761218.4808751, d1.fHz(), 1e-3);
        assertEquals(3.2907117373643713, d1.energyJ(), 1e-12);
        assertEquals(10.0, d0.latencyS(), 1e-12);
        assertEquals(156672, d0.params());
        assertTrue(p.devices().get(0).limit().startsWith("rank 27: latency"), p.devices().get(0).limit());
    }

    @Test
    void bisectionAgreesWithALinearScan() {
        Random rng = new Random(7);
        for (int trial = 0; trial < 500; trial++) {
            GlobalSpec g = new GlobalSpec(1 + rng.nextInt(1024), 1 + rng.nextInt(1024), 1 + rng.nextInt(4), 1 + rng.nextInt(12), 8 + rng.nextInt(25),
                    1e-13, 1, 1 + rng.nextDouble() * 30, 1 + rng.nextInt(128));
            DeviceSpec d = new DeviceSpec("r", rng.nextInt(500), 1e8 + rng.nextDouble() * 3e9, 1e-28 * (1 + rng.nextDouble() * 5), 1e5 + rng.nextDouble() * 2e6,
                    1e-8 + rng.nextDouble() * 1e-7, 1e-8 + rng.nextDouble() * 1e-7, 0.01 + rng.nextDouble() * 0.2, Double.NaN, Double.NaN,
                    rng.nextDouble(), rng.nextDouble() * 30, g.layers());
            DeviceCostModel m = new DeviceCostModel(g, d);
            int scan = 0;
            for (int r = 1; r <= g.rMax(); r++) if (m.check(r).feasible()) scan = r;
            assertEquals(scan, RankPlanner.largestRank(m, g.rMax()), "trial " + trial);
        }
    }

    @Test
    void inputErrorsNameTheField() {
        PlannerInputException e = assertThrows(PlannerInputException.class, () -> PlannerInputReader.parse(
                "{\"global\":{\"d\":8,\"k\":8,\"matrices_per_layer\":2,\"layers\":1,\"bits_per_param\":32,\"noise_w\":1e-13,\"power_dl_w\":1,\"deadline_s\":1,\"r_max\":4},"
                        + "\"devices\":[{\"samples\":1,\"f_max_hz\":-1,\"omega\":1,\"bandwidth_hz\":1,\"gain_ul\":1,\"gain_dl\":1,\"power_ul_w\":1,\"circuit_j\":0,\"energy_j\":1}]}"));
        assertTrue(e.getMessage().contains("devices[0].f_max_hz must be > 0"), e.getMessage());
        e = assertThrows(PlannerInputException.class, () -> PlannerInputReader.parse(
                "{\"global\":{\"d\":8,\"k\":8,\"matrices_per_layer\":2,\"layers\":1,\"bits_per_param\":32,\"noise_w\":1e-13,\"power_dl_w\":1,\"deadline_s\":1,\"r_max\":4,\"rmax\":3},\"devices\":[]}"));
        assertTrue(e.getMessage().contains("global.rmax is not a known field"), e.getMessage());
        e = assertThrows(PlannerInputException.class, () -> PlannerInputReader.parse("{\"global\":{}}"));
        assertTrue(e.getMessage().contains("global.d is missing"), e.getMessage());
    }
}
