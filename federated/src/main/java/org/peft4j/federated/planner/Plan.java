package org.peft4j.federated.planner;

import java.util.List;

/**
 * The planner's answer: the network rank (min over devices of each device's largest feasible rank; 0 when some
 * device cannot run even rank 1) and, per device, its own rank, what stops it from going higher, and its
 * operating point at the network rank (null when the network rank is 0).
 */
public record Plan(int rank, List<Device> devices) {
    public Plan {
        devices = List.copyOf(devices);
    }

    /**
     * @param ownRank the device's largest feasible rank (0: not even rank 1)
     * @param limit   the binding constraint one rank above ownRank, or null when ownRank is r_max
     */
    public record Device(int index, String name, int ownRank, String limit, double uplinkBps, double downlinkBps, DevicePlan atNetworkRank) {}
}
