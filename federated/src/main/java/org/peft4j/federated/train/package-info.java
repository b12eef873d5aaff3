/**
 * Federated clients on real models: {@link org.peft4j.federated.train.Party} builds a participant's own copy of the
 * encoder with the run's adapter ({@link org.peft4j.federated.train.AdapterSpec}: LoRA, FeDeRA, IA3, bottleneck
 * adapters, BitFit or full fine-tuning, optionally on some layers only), and
 * {@link org.peft4j.federated.train.ClassificationClient} is the {@link org.peft4j.federated.client.LocalTrainer}
 * that fine-tunes it on the client's partition each round with the finetune module's Trainer: dense updates,
 * Fisher-masked sparse updates, FFA-LoRA (frozen A), FedProx. The round's knobs travel in the server's
 * ROUND_CONFIG settings ({@link org.peft4j.federated.train.LocalSettings}).
 */
package org.peft4j.federated.train;
