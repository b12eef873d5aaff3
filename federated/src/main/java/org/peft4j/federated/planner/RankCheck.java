package org.peft4j.federated.planner;

/**
 * The two constraints of one device at one rank. The latency constraint sets the lowest CPU frequency that
 * meets the deadline ({@code fMinHz}); the energy constraint the highest one the budget allows
 * ({@code fMaxEnergyHz}). The rank is feasible when fMinHz ≤ min(fMaxEnergyHz, f_max).
 *
 * @param workCycles   C·|D| = (2r−1)·d·k·Â·l·|D| CPU cycles of local training per round
 * @param params       M = r·(d+k)·Â·l parameters exchanged each way
 * @param binding      why the rank is infeasible (null when feasible)
 */
public record RankCheck(int rank, double workCycles, long params, double tUlS, double tDlS, double eUlJ,
                        double fMinHz, double fMaxEnergyHz, double fMaxHz, boolean feasible, String binding) {}
