/**
 * The pieces behind {@code peft4j finetune} and {@code peft4j eval}: where the data is
 * ({@link org.peft4j.cli.finetune.DataLoader}), which model and head ({@link org.peft4j.cli.finetune.ModelLoader}),
 * which method ({@link org.peft4j.cli.finetune.MethodSpec}, with {@link org.peft4j.cli.finetune.TargetAliases} and
 * {@link org.peft4j.cli.finetune.LayerSelection}), the task runs ({@link org.peft4j.cli.finetune.TaskRun}), and the
 * files of an output folder (run.json, metrics.json).
 */
package org.peft4j.cli.finetune;
