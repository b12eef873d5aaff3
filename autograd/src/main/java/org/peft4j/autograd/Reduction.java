package org.peft4j.autograd;

/** How a loss combines per-element values: their mean, their sum, or none (one value per element). */
public enum Reduction { MEAN, SUM, NONE }
