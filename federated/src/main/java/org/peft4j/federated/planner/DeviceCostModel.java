package org.peft4j.federated.planner;

/**
 * Latency and energy of one round on one device as a function of the LoRA rank r (the federated split
 * learning + LoRA cost model; PLANNER.md gives the formulas and their sources):
 * <pre>
 *   C    = (2r−1)·d·k·Â·l          operations per sample          T_cmp = C·|D| / f      E_cmp = Ω·T_cmp·f³ = Ω·C·|D|·f²
 *   M    = r·(d+k)·Â·l             parameters of the LoRA factors  T_ul = M·Q / s_ul      T_dl = M·Q / s_dl
 *   s    = B·log2(1 + h·P/N0)      link rate                       E_ul = P_ul·T_ul
 *   latency  T_cmp + T_ul + T_dl ≤ T0        energy  E_cmp + E_ul + ξ ≤ E0        0 ≤ f ≤ f_max
 * </pre>
 */
public final class DeviceCostModel {
    /** Relative slack on the frequency comparison so a rank exactly on the boundary is not lost to rounding. */
    private static final double EPS = 1e-12;

    private final GlobalSpec g;
    private final DeviceSpec dev;
    private final double rateUl;
    private final double rateDl;

    public DeviceCostModel(GlobalSpec global, DeviceSpec device) {
        this.g = global;
        this.dev = device;
        this.rateUl = Double.isNaN(device.rateUlBps())
                ? device.bandwidthHz() * log2(1 + device.gainUl() * device.powerUlW() / global.noiseW()) : device.rateUlBps();
        this.rateDl = Double.isNaN(device.rateDlBps())
                ? device.bandwidthHz() * log2(1 + device.gainDl() * global.powerDlW() / global.noiseW()) : device.rateDlBps();
    }

    public DeviceSpec device() { return dev; }
    public double uplinkRateBps() { return rateUl; }
    public double downlinkRateBps() { return rateDl; }

    /** Operations per sample at rank r: (2r−1)·d·k·Â·l. */
    public double opsPerSample(int r) {
        return (2.0 * r - 1) * g.d() * (double) g.k() * g.matricesPerLayer() * dev.layers();
    }

    /** LoRA parameters exchanged each way: r·(d+k)·Â·l (B is d×r, A is r×k). */
    public long params(int r) {
        return Math.multiplyExact(Math.multiplyExact((long) r, (long) g.d() + g.k()), (long) g.matricesPerLayer() * dev.layers());
    }

    public RankCheck check(int r) {
        if (r < 1) throw new IllegalArgumentException("rank must be >= 1, got " + r);
        double work = opsPerSample(r) * dev.samples();
        long m = params(r);
        double bits = (double) m * g.bitsPerParam();
        double tUl = bits / rateUl;
        double tDl = bits / rateDl;
        double eUl = dev.powerUlW() * tUl;

        double slack = g.deadlineS() - tUl - tDl;
        double fMin = work == 0 ? (slack >= 0 ? 0 : Double.POSITIVE_INFINITY) : (slack > 0 ? work / slack : Double.POSITIVE_INFINITY);
        double budget = dev.energyJ() - eUl - dev.circuitJ();
        double fMaxE = budget < 0 ? Double.NEGATIVE_INFINITY : work == 0 ? Double.POSITIVE_INFINITY : Math.sqrt(budget / (dev.omega() * work));

        StringBuilder why = new StringBuilder();
        if (slack <= 0 && work > 0 || slack < 0)
            why.append("latency: upload " + fmt(tUl) + " s + download " + fmt(tDl) + " s already use the " + fmt(g.deadlineS()) + " s deadline");
        else if (fMin > dev.fMaxHz() * (1 + EPS))
            why.append("latency: meeting the " + fmt(g.deadlineS()) + " s deadline needs f >= " + fmt(fMin) + " Hz, above f_max " + fmt(dev.fMaxHz()) + " Hz");
        if (budget < 0)
            append(why, "energy: upload " + fmt(eUl) + " J + circuit " + fmt(dev.circuitJ()) + " J exceed the " + fmt(dev.energyJ()) + " J budget");
        else if (Double.isFinite(fMin) && fMin > fMaxE * (1 + EPS))
            append(why, "energy: the " + fmt(dev.energyJ()) + " J budget allows f <= " + fmt(fMaxE) + " Hz, below the " + fmt(fMin) + " Hz the deadline needs");
        boolean feasible = why.isEmpty();
        return new RankCheck(r, work, m, tUl, tDl, eUl, fMin, fMaxE, dev.fMaxHz(), feasible, feasible ? null : "rank " + r + ": " + why);
    }

    /** The operating point at rank r: f = the latency minimum; throws if r is infeasible. */
    public DevicePlan plan(int r) {
        RankCheck c = check(r);
        if (!c.feasible()) throw new IllegalArgumentException(dev.name() + " cannot run " + c.binding());
        double f = c.fMinHz();
        double tCmp = c.workCycles() == 0 ? 0 : c.workCycles() / f;
        double eCmp = dev.omega() * c.workCycles() * f * f;
        return new DevicePlan(r, f, tCmp + c.tUlS() + c.tDlS(), eCmp + c.eUlJ() + dev.circuitJ(), tCmp, c.tUlS(), c.tDlS(),
                eCmp, c.eUlJ(), dev.circuitJ(), c.params());
    }

    private static void append(StringBuilder sb, String s) {
        if (!sb.isEmpty()) sb.append("; ");
        sb.append(s);
    }

    /** Four significant digits without trailing zeros: 125, 39.58, 1.237e+09. */
    static String fmt(double x) {
        if (!Double.isFinite(x) || x == 0) return String.valueOf(x == 0 ? 0 : x);
        java.math.BigDecimal b = new java.math.BigDecimal(x).round(new java.math.MathContext(4)).stripTrailingZeros();
        double mag = Math.abs(x);
        return mag >= 1e-3 && mag < 1e6 ? b.toPlainString() : String.format(java.util.Locale.ROOT, "%.4g", x).replaceAll("\\.?0+e", "e");
    }

    private static double log2(double x) { return Math.log(x) / Math.log(2); }
}
