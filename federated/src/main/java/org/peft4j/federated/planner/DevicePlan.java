package org.peft4j.federated.planner;

/**
 * A device's operating point at a given rank: the lowest frequency meeting the deadline, and the latency and
 * energy that result. energyJ = eCmpJ + eUlJ + circuitJ (the quantity the budget E_0 bounds).
 */
public record DevicePlan(int rank, double fHz, double latencyS, double energyJ, double tCmpS, double tUlS, double tDlS,
                         double eCmpJ, double eUlJ, double circuitJ, long params) {}
