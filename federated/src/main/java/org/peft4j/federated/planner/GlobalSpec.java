package org.peft4j.federated.planner;

/**
 * Network-wide planner inputs (SI units).
 *
 * @param d                adapted weight rows
 * @param k                adapted weight columns
 * @param matricesPerLayer adapted d×k matrices per layer (Â), e.g. 2 for query and value
 * @param layers           adapted layers (l), unless a device overrides it
 * @param bitsPerParam     Q, bits per parameter on the wire
 * @param noiseW           N0, noise power (W)
 * @param powerDlW         the server's downlink transmit power (W)
 * @param deadlineS        T0, the round deadline (s)
 * @param rMax             largest rank considered
 */
public record GlobalSpec(int d, int k, int matricesPerLayer, int layers, int bitsPerParam,
                         double noiseW, double powerDlW, double deadlineS, int rMax) {}
