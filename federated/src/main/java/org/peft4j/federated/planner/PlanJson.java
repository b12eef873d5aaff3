package org.peft4j.federated.planner;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The plan as JSON, with the keys fixtures/planner/README.md fixes: {@code rank}, {@code device_ranks},
 * {@code devices[i].f_hz / latency_s / energy_j} (null when the network rank is 0), plus the breakdown and each
 * device's binding constraint one rank above its own.
 */
public final class PlanJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PlanJson() {}

    public static ObjectNode toJson(Plan plan) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("rank", plan.rank());
        ArrayNode ranks = root.putArray("device_ranks");
        for (Plan.Device d : plan.devices()) ranks.add(d.ownRank());
        ArrayNode devices = root.putArray("devices");
        ArrayNode infeasible = MAPPER.createArrayNode();
        for (Plan.Device d : plan.devices()) {
            ObjectNode o = devices.addObject();
            o.put("index", d.index());
            o.put("name", d.name());
            o.put("device_rank", d.ownRank());
            o.put("uplink_bps", d.uplinkBps());
            o.put("downlink_bps", d.downlinkBps());
            DevicePlan p = d.atNetworkRank();
            if (p == null) {
                o.putNull("f_hz");
                o.putNull("latency_s");
                o.putNull("energy_j");
            } else {
                o.put("f_hz", p.fHz());
                o.put("latency_s", p.latencyS());
                o.put("energy_j", p.energyJ());
                o.put("t_cmp_s", p.tCmpS());
                o.put("t_ul_s", p.tUlS());
                o.put("t_dl_s", p.tDlS());
                o.put("e_cmp_j", p.eCmpJ());
                o.put("e_ul_j", p.eUlJ());
                o.put("circuit_j", p.circuitJ());
                o.put("params", p.params());
            }
            if (d.limit() == null) o.putNull("limit");
            else o.put("limit", d.limit());
            if (d.ownRank() == 0) infeasible.add(d.name() + ": " + d.limit());
        }
        if (!infeasible.isEmpty()) root.set("infeasible", infeasible);
        return root;
    }

    public static String toJsonString(Plan plan) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(plan));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
