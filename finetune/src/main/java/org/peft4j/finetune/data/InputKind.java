package org.peft4j.finetune.data;

/** Whether an example's input is one text or a pair of texts (encoded together as A [SEP] B). */
public enum InputKind { SINGLE, PAIR }
