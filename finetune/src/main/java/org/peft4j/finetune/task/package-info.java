/**
 * Task glue between data, model and trainer. {@link org.peft4j.finetune.task.TextClassification}: encoder
 * classification/regression (tokenise with truncation, dynamic padding, the head's loss, task metrics).
 * {@link org.peft4j.finetune.task.CausalLm}: data-to-text generation as causal-LM fine-tuning (prompt tokens get
 * label -100, so only the target is learned; {@link org.peft4j.finetune.task.TargetOnlyLoss} projects only the
 * target positions onto the vocabulary), greedy generation, and
 * {@link org.peft4j.finetune.task.GenerationEvaluation} (multi-reference E2E metrics). Every encoder reports how
 * many rows it truncated.
 */
package org.peft4j.finetune.task;
