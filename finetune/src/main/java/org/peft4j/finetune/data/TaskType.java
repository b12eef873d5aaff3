package org.peft4j.finetune.data;

/** What a task predicts: a class index, a real number, or a text. */
public enum TaskType { CLASSIFICATION, REGRESSION, GENERATION }
