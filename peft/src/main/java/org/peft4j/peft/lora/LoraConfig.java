package org.peft4j.peft.lora;

import org.peft4j.peft.BiasMode;
import org.peft4j.peft.PeftConfig;
import org.peft4j.peft.PeftConfigException;
import org.peft4j.peft.PeftType;
import org.peft4j.peft.TargetModules;
import org.peft4j.peft.TaskType;

import java.util.List;

/**
 * LoRA (Hu et al. 2021) as Hugging Face PEFT's LoraConfig: y = base(x) + scale·B(A(dropout(x))) with A [r, in],
 * B [out, r], scale = lora_alpha / r (rsLoRA: lora_alpha / √r).
 *
 * @param r             rank (1 ≤ r ≤ min(in, out) of every adapted layer)
 * @param loraAlpha     the alpha of the scale
 * @param useRslora     rank-stabilised scale alpha/√r
 * @param loraDropout   dropout on the adapter's input in training, in [0, 1)
 * @param targetModules which layers; null = PEFT's default for the model type (query/value, q_proj/v_proj, c_attn)
 * @param bias          which existing biases also train
 * @param modulesToSave whole modules trained beside the adapter (a SEQ_CLS model adds its classifier anyway)
 * @param init          initialisation (PEFT default, gaussian, random, or PiSSA/FeDeRA)
 * @param taskType      the task, or null to infer it from the model
 * @param seed          seed of the random initialisation (A's kaiming-uniform draw, the randomized SVD's test matrix)
 */
public record LoraConfig(int r, double loraAlpha, boolean useRslora, double loraDropout, TargetModules targetModules,
                         BiasMode bias, List<String> modulesToSave, LoraInit init, TaskType taskType, long seed) implements PeftConfig {

    public LoraConfig {
        if (r < 1) throw new PeftConfigException("LoRA r must be >= 1, got " + r);
        if (!(loraAlpha > 0) || Double.isInfinite(loraAlpha)) throw new PeftConfigException("lora_alpha must be positive and finite, got " + loraAlpha);
        if (!(loraDropout >= 0 && loraDropout < 1)) throw new PeftConfigException("lora_dropout must be in [0, 1), got " + loraDropout);
        if (bias == null) bias = BiasMode.NONE;
        modulesToSave = modulesToSave == null ? List.of() : List.copyOf(modulesToSave);
        if (init == null) init = LoraInit.DEFAULT;
    }

    /** PEFT's defaults otherwise: alpha as given, no dropout, default targets, bias none, default init, seed 0. */
    public static LoraConfig of(int r, double alpha) {
        return new LoraConfig(r, alpha, false, 0, null, BiasMode.NONE, List.of(), LoraInit.DEFAULT, null, 0);
    }

    public LoraConfig withTargets(TargetModules t) { return new LoraConfig(r, loraAlpha, useRslora, loraDropout, t, bias, modulesToSave, init, taskType, seed); }
    public LoraConfig withTargets(String... names) { return withTargets(TargetModules.names(names)); }
    public LoraConfig withDropout(double p) { return new LoraConfig(r, loraAlpha, useRslora, p, targetModules, bias, modulesToSave, init, taskType, seed); }
    public LoraConfig withRslora(boolean on) { return new LoraConfig(r, loraAlpha, on, loraDropout, targetModules, bias, modulesToSave, init, taskType, seed); }
    public LoraConfig withBias(BiasMode b) { return new LoraConfig(r, loraAlpha, useRslora, loraDropout, targetModules, b, modulesToSave, init, taskType, seed); }
    public LoraConfig withModulesToSave(List<String> m) { return new LoraConfig(r, loraAlpha, useRslora, loraDropout, targetModules, bias, m, init, taskType, seed); }
    public LoraConfig withInit(LoraInit i) { return new LoraConfig(r, loraAlpha, useRslora, loraDropout, targetModules, bias, modulesToSave, i, taskType, seed); }
    public LoraConfig withTaskType(TaskType t) { return new LoraConfig(r, loraAlpha, useRslora, loraDropout, targetModules, bias, modulesToSave, init, t, seed); }
    public LoraConfig withSeed(long s) { return new LoraConfig(r, loraAlpha, useRslora, loraDropout, targetModules, bias, modulesToSave, init, taskType, s); }

    /** alpha/r, or alpha/√r with rsLoRA. */
    public float scale() { return (float) (useRslora ? loraAlpha / Math.sqrt(r) : loraAlpha / r); }

    @Override public PeftType peftType() { return PeftType.LORA; }
}
