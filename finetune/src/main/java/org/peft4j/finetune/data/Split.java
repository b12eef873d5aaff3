package org.peft4j.finetune.data;

/** The parts of a dataset. */
public enum Split { TRAIN, VALIDATION, TEST }
