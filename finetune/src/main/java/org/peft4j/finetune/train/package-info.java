/**
 * The local training loop: {@link org.peft4j.finetune.train.Trainer} (gradient accumulation, AdamW with warmup and
 * decay, clipping, evaluation, best-metric tracking and early stopping, a progress bar with throughput and ETA),
 * {@link org.peft4j.finetune.train.TrainLog} (JSON lines), {@link org.peft4j.finetune.train.CurvePlots} (PNG) and
 * {@link org.peft4j.finetune.train.Checkpoint} (trainable tensors, optimizer state and position, saved atomically at
 * epoch ends and every {@code saveEvery} steps). Batches are a function of the epoch and dropout is reseeded from
 * (seed, micro-batch), so a resumed run reproduces an uninterrupted one bit for bit.
 */
package org.peft4j.finetune.train;
