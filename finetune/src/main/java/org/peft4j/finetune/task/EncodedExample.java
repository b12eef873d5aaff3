package org.peft4j.finetune.task;

/** One example after tokenisation: token ids, segment ids, and its class label (or regression target). */
public record EncodedExample(int[] ids, int[] typeIds, int label, float target) {
    public int length() { return ids.length; }
}
