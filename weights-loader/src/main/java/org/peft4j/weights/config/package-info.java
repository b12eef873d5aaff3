/**
 * Hugging Face config.json as typed records with transformers' defaults: {@link org.peft4j.weights.config.BertConfig},
 * {@link org.peft4j.weights.config.RobertaConfig}, {@link org.peft4j.weights.config.Gpt2Config},
 * {@link org.peft4j.weights.config.LlamaConfig}, loaded by {@link org.peft4j.weights.config.ModelConfig#load};
 * {@link org.peft4j.weights.config.WeightLayout} gives the parameter names and shapes a config implies.
 */
package org.peft4j.weights.config;
