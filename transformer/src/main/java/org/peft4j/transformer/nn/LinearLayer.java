package org.peft4j.transformer.nn;

import org.peft4j.autograd.Parameter;

/**
 * What a PEFT method needs to know about a dense projection y = x·W + b it wraps, whichever way the file stores
 * W: {@link Linear} stores [out, in] (nn.Linear); GPT-2's {@link Conv1D} stores [in, out] (fan_in_fan_out).
 */
public interface LinearLayer extends Layer {
    int inFeatures();

    int outFeatures();

    /** The weight parameter in its stored layout (see {@link #weightIsInOut()}). */
    Parameter weight();

    /** The bias [out], or null. */
    Parameter bias();

    /** True when {@link #weight()} is stored [in, out] (GPT-2 Conv1D, PEFT's fan_in_fan_out), false for [out, in]. */
    boolean weightIsInOut();
}
