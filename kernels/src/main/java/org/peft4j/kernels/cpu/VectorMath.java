package org.peft4j.kernels.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vectorised transcendental functions, written with IEEE-exact operations only (add, mul, fma, div, compares,
 * bit moves), so a lane's result is the same bits whether the loop runs interpreted, in C1 or in C2.
 *
 * <p>Why not the Vector API's lanewise EXP/LOG/TANH: on x86-64 C2 replaces them with SVML stubs, while the
 * interpreter and C1 fall back to {@code Math.exp} per lane. The two differ in the last bit for some inputs, so a
 * model's loss changed when the JIT compiled the softmax loop, and an eval could not repeat a training run's
 * metrics exactly. exp and log follow Cephes' single-precision minimax polynomials (about 1 ulp, checked
 * against {@code Math} in VectorMathTest); tanh uses Cephes' odd polynomial below 0.625 and 1 - 2/(e^2x + 1)
 * above. The API has no erf, so erfc is our own too (Numerical Recipes' erfcc Chebyshev fit, relative error
 * below 1.2e-7 for every argument, with the exp(-z^2) term evaluated in double-float arithmetic so large
 * arguments keep their relative accuracy).
 */
public final class VectorMath {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private VectorMath() {}

    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f; // LN2_HI has 9 bits: n*LN2_HI is exact
    private static final float ROUNDER = 12582912f; // 1.5 * 2^23: adding and subtracting it rounds to an integer

    /** e^x, about 1 ulp; overflows to +inf above ~88.72, gives subnormals and then 0 below ~-87.3; NaN stays NaN. */
    public static FloatVector exp(FloatVector x) {
        VectorSpecies<Float> sp = x.species();
        FloatVector xc = x.max(-104f).min(89f); // beyond these the result is 0 or +inf anyway; keeps n in int range
        FloatVector n = xc.mul(LOG2E).add(ROUNDER).sub(ROUNDER); // round(x / ln 2), ties to even
        FloatVector r = xc.sub(n.mul(LN2_HI)).sub(n.mul(LN2_LO)); // x - n ln 2 in [-0.35, 0.35]
        FloatVector p = r.fma(1.9875691500e-4f, 1.3981999507e-3f);
        p = p.fma(r, FloatVector.broadcast(sp, 8.3334519073e-3f));
        p = p.fma(r, FloatVector.broadcast(sp, 4.1665795894e-2f));
        p = p.fma(r, FloatVector.broadcast(sp, 1.6666665459e-1f));
        p = p.fma(r, FloatVector.broadcast(sp, 5.0000001201e-1f));
        FloatVector er = p.mul(r.mul(r)).add(r).add(1f); // e^r
        // 2^n as two normal factors 2^(n/2) 2^(n - n/2), so n down to -150 still gives the right subnormal
        IntVector ni = (IntVector) n.convert(VectorOperators.F2I, 0);
        IntVector n1 = ni.lanewise(VectorOperators.ASHR, 1);
        IntVector n2 = ni.sub(n1);
        FloatVector s1 = n1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector s2 = n2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return er.mul(s1).mul(s2).blend(x, x.test(VectorOperators.IS_NAN));
    }

    /** Natural logarithm, about 1 ulp; log(0) = -inf, log(+inf) = +inf, negative or NaN input gives NaN. */
    public static FloatVector log(FloatVector x) {
        VectorSpecies<Float> sp = x.species();
        VectorMask<Float> subnormal = x.compare(VectorOperators.LT, Float.MIN_NORMAL);
        FloatVector xs = x.blend(x.mul(8388608f), subnormal); // times 2^23 to normalise; undone through e
        IntVector bits = xs.reinterpretAsInts();
        IntVector e = bits.lanewise(VectorOperators.LSHR, 23).sub(126)
                .sub(IntVector.zero(bits.species()).blend(23, subnormal.cast(bits.species())));
        FloatVector m = bits.and(0x007fffff).or(0x3f000000).reinterpretAsFloats(); // x = m 2^e, m in [0.5, 1)
        VectorMask<Float> small = m.compare(VectorOperators.LT, 0.707106781186547524f);
        FloatVector fe = ((FloatVector) e.convert(VectorOperators.I2F, 0)).sub(FloatVector.zero(sp).blend(1f, small));
        FloatVector f = m.blend(m.add(m), small).sub(1f); // m (or 2m) - 1 in [-0.29, 0.41]
        FloatVector z = f.mul(f);
        FloatVector p = f.fma(7.0376836292e-2f, -1.1514610310e-1f);
        p = p.fma(f, FloatVector.broadcast(sp, 1.1676998740e-1f));
        p = p.fma(f, FloatVector.broadcast(sp, -1.2420140846e-1f));
        p = p.fma(f, FloatVector.broadcast(sp, 1.4249322787e-1f));
        p = p.fma(f, FloatVector.broadcast(sp, -1.6668057665e-1f));
        p = p.fma(f, FloatVector.broadcast(sp, 2.0000714765e-1f));
        p = p.fma(f, FloatVector.broadcast(sp, -2.4999993993e-1f));
        p = p.fma(f, FloatVector.broadcast(sp, 3.3333331174e-1f));
        FloatVector y = p.mul(f).mul(z).add(fe.mul(LN2_LO)).sub(z.mul(0.5f));
        FloatVector result = f.add(y).add(fe.mul(LN2_HI));
        result = result.blend(Float.NEGATIVE_INFINITY, x.compare(VectorOperators.EQ, 0f));
        result = result.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY));
        return result.blend(Float.NaN, x.compare(VectorOperators.LT, 0f).or(x.test(VectorOperators.IS_NAN)));
    }

    /** Hyperbolic tangent, a couple of ulp; odd, saturates to +-1, NaN stays NaN. */
    public static FloatVector tanh(FloatVector x) {
        VectorSpecies<Float> sp = x.species();
        FloatVector ax = x.abs();
        // |x| >= 0.625: 1 - 2 / (e^{2|x|} + 1), no cancellation there; exp overflows to inf and gives exactly 1
        FloatVector big = FloatVector.broadcast(sp, 1f).sub(FloatVector.broadcast(sp, 2f).div(exp(ax.add(ax)).add(1f)));
        big = big.blend(big.neg(), x.compare(VectorOperators.LT, 0f));
        // |x| < 0.625: x + x z P(z), z = x^2
        FloatVector z = x.mul(x);
        FloatVector p = z.fma(-5.70498872745e-3f, 2.06390887954e-2f);
        p = p.fma(z, FloatVector.broadcast(sp, -5.37397155531e-2f));
        p = p.fma(z, FloatVector.broadcast(sp, 1.33314422036e-1f));
        p = p.fma(z, FloatVector.broadcast(sp, -3.33332819422e-1f));
        FloatVector smallResult = p.mul(z).fma(x, x);
        // below 2^-12, x^3/3 is under half an ulp of x: tanh(x) = x, which also keeps the sign of -0
        VectorMask<Float> tiny = ax.compare(VectorOperators.LT, 2.44140625e-4f).or(x.test(VectorOperators.IS_NAN));
        return big.blend(smallResult, ax.compare(VectorOperators.LT, 0.625f)).blend(x, tiny);
    }

    /** 1 / (1 + exp(-x)); saturates cleanly to 0 and 1. */
    public static FloatVector sigmoid(FloatVector x) {
        FloatVector one = FloatVector.broadcast(x.species(), 1f);
        return one.div(one.add(exp(x.neg())));
    }

    /**
     * The lanes' sum, always added left to right. Not reduceLanes(ADD): its interpreted fallback and its C2
     * intrinsic add the lanes in different orders, so a sum would change in the last bit when the JIT compiles.
     */
    public static float sumLanes(FloatVector v) {
        float s = 0f;
        for (int l = 0; l < v.length(); l++) s += v.lane(l);
        return s;
    }

    /** Complementary error function, relative error a few 1e-7 over all floats (0 once it underflows). */
    public static FloatVector erfc(FloatVector z) {
        VectorSpecies<Float> sp = z.species();
        FloatVector one = FloatVector.broadcast(sp, 1f);
        FloatVector az = z.abs();
        FloatVector t = one.div(az.fma(0.5f, 1f));
        FloatVector p = t.fma(0.17087277f, -0.82215223f);
        p = p.fma(t, FloatVector.broadcast(sp, 1.48851587f));
        p = p.fma(t, FloatVector.broadcast(sp, -1.13520398f));
        p = p.fma(t, FloatVector.broadcast(sp, 0.27886807f));
        p = p.fma(t, FloatVector.broadcast(sp, -0.18628806f));
        p = p.fma(t, FloatVector.broadcast(sp, 0.09678418f));
        p = p.fma(t, FloatVector.broadcast(sp, 0.37409196f));
        p = p.fma(t, FloatVector.broadcast(sp, 1.00002368f));
        p = p.fma(t, FloatVector.broadcast(sp, -1.26551223f));
        // exponent -az^2 + p, kept as an unevaluated sum s + err so exp loses nothing to rounding
        FloatVector hi = az.mul(az);
        FloatVector lo = az.fma(az, hi.neg()); // az^2 = hi + lo exactly
        FloatVector a = hi.neg();
        FloatVector s = a.add(p);
        FloatVector bb = s.sub(a);
        FloatVector err = a.sub(s.sub(bb)).add(p.sub(bb)).sub(lo);
        FloatVector r = t.mul(exp(s)).mul(err.add(1f));
        VectorMask<Float> negative = z.compare(VectorOperators.LT, 0f);
        FloatVector two = FloatVector.broadcast(sp, 2f);
        return r.blend(two.sub(r), negative);
    }

    /** exp(-x^2/2) with the square carried in double-float, so the result keeps its relative accuracy for large |x|. */
    public static FloatVector gaussian(FloatVector x) {
        FloatVector hi = x.mul(x).mul(-0.5f);
        FloatVector lo = x.fma(x, hi.mul(2f)).mul(-0.5f); // x^2 - fl(x^2), exact; scaling by 0.5 is exact too
        return exp(hi).mul(lo.add(1f));
    }
}
