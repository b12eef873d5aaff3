package org.peft4j.kernels.cuda;

/**
 * The scalars of one AdamW step, formed in double and rounded to float as torch.optim.AdamW (and
 * org.peft4j.autograd.optim.AdamW) forms them, so the kernel's fp32 arithmetic matches the CPU step.
 */
public record AdamWStep(float decay, float beta1, float oneMinusBeta1, float beta2, float oneMinusBeta2, float negStepSize,
                        float bc2Sqrt, float eps) {

    public static AdamWStep of(double lr, double weightDecay, double beta1, double beta2, double eps, long step) {
        if (step < 1) throw new IllegalArgumentException("AdamW step counts from 1, got " + step);
        double bc1 = 1 - Math.pow(beta1, step), bc2 = 1 - Math.pow(beta2, step);
        return new AdamWStep((float) (1 - lr * weightDecay), (float) beta1, (float) (1 - beta1), (float) beta2, (float) (1 - beta2),
                (float) -(lr / bc1), (float) Math.sqrt(bc2), (float) eps);
    }
}
