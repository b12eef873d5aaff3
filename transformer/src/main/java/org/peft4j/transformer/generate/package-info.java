/**
 * Text generation for causal language models (GPT-2, LLaMA): KV-cached greedy and sampled decoding (temperature,
 * top-k, top-p, repetition penalty, seed), EOS / max-token stopping, streaming callbacks, left-padded batches.
 */
package org.peft4j.transformer.generate;
