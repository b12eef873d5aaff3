package org.peft4j.federated.partition;

import java.util.Random;

/** Dirichlet(α·1) draws from Gamma(α) variates (Marsaglia & Tsang 2000), driven by a seeded java.util.Random. */
final class Dirichlet {
    private final Random rng;

    Dirichlet(Random rng) { this.rng = rng; }

    double[] sample(double alpha, int n) {
        double[] g = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) sum += g[i] = gamma(alpha);
        if (sum == 0) { // every draw underflowed (tiny α): the limit of Dirichlet is a one-hot vector
            g[rng.nextInt(n)] = 1;
            return g;
        }
        for (int i = 0; i < n; i++) g[i] /= sum;
        return g;
    }

    double gamma(double alpha) {
        if (alpha < 1) {
            // boost: Gamma(α) = Gamma(α+1)·U^(1/α)
            double u = rng.nextDouble();
            return gamma(alpha + 1) * Math.pow(u, 1 / alpha);
        }
        double d = alpha - 1.0 / 3, c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x, v;
            do {
                x = rng.nextGaussian();
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = rng.nextDouble();
            if (u < 1 - 0.0331 * x * x * x * x) return d * v;
            if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
        }
    }
}
