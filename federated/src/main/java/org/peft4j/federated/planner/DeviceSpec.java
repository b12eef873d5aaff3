package org.peft4j.federated.planner;

/**
 * One device's planner inputs (SI units). A link is given either by its rate (bit/s) or by channel gain and
 * transmit power, from which the rate is B·log2(1 + h·P/N0).
 *
 * @param name       label for reports ("device-0" when the file gives none)
 * @param samples    |D_i|, local samples per round
 * @param fMaxHz     f_max, highest CPU frequency (cycles/s)
 * @param omega      Ω_i, effective switched capacitance (energy per cycle = Ω·f²)
 * @param bandwidthHz B_i
 * @param gainUl     uplink channel gain h (ignored when rateUlBps is set)
 * @param gainDl     downlink channel gain (ignored when rateDlBps is set)
 * @param powerUlW   uplink transmit power (W); also prices the upload energy
 * @param rateUlBps  uplink rate, or NaN to derive it from the channel
 * @param rateDlBps  downlink rate, or NaN to derive it from the channel
 * @param circuitJ   ξ_i, fixed circuit energy per round (J)
 * @param energyJ    E_i0, energy budget per round (J)
 * @param layers     adapted layers on this device (l_i)
 */
public record DeviceSpec(String name, long samples, double fMaxHz, double omega, double bandwidthHz,
                         double gainUl, double gainDl, double powerUlW, double rateUlBps, double rateDlBps,
                         double circuitJ, double energyJ, int layers) {}
