package org.peft4j.finetune.task;

/**
 * One causal-LM example after tokenisation: prompt tokens followed by target tokens (the target ends with EOS).
 * Only the target is learned: the first {@code promptLength} positions get label -100.
 */
public record LmExample(int[] ids, int promptLength) {
    public LmExample {
        if (promptLength < 0 || promptLength > ids.length)
            throw new IllegalArgumentException("prompt length " + promptLength + " outside [0, " + ids.length + "]");
    }

    public int length() { return ids.length; }

    public int targetLength() { return ids.length - promptLength; }
}
