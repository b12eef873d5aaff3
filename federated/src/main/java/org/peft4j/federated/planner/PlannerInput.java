package org.peft4j.federated.planner;

import java.util.List;

/** The whole planner input: the network-wide spec and the devices, in file order. */
public record PlannerInput(GlobalSpec global, List<DeviceSpec> devices) {
    public PlannerInput {
        devices = List.copyOf(devices);
    }
}
