/**
 * BERT, RoBERTa, GPT-2 and LLaMA built from {@link org.peft4j.transformer.nn} blocks with Hugging Face's module
 * names, so a model's parameter paths are its safetensors keys.
 * <ul>
 *   <li>{@link org.peft4j.transformer.models.Models#load(java.nio.file.Path)} reads config.json (model_type picks
 *       the family, architectures[0] the head) and maps model.safetensors (or its shards); the weights stay in the
 *       file's dtype, frozen, and the model starts in eval mode. {@link org.peft4j.transformer.models.LoadOptions}
 *       loads a checkpoint under another head (a fresh classifier starts random; the names are in the weight
 *       source's newlyInitialized list). {@link org.peft4j.transformer.models.Models#random} builds any config with
 *       random weights ({@link org.peft4j.transformer.models.ModelShapes}: BERT-base, GPT-2 124M, LLaMA 1.1B).</li>
 *   <li>Forward takes a {@link org.peft4j.transformer.models.ModelInput} and returns a
 *       {@link org.peft4j.transformer.models.ModelOutput} with transformers' semantics: last_hidden_state,
 *       hidden_states (decoders: the last one after the final norm), attentions, pooler_output, logits, and a loss
 *       when labels are given (decoders shift inside; classifiers follow problem_type: CE, MSE or BCE).</li>
 *   <li>Training: call {@code unfreeze()} (or unfreeze parts, or let PEFT add trainable layers), {@code train()},
 *       forward with labels, {@code loss.backward()}. Inference: wrap forward in {@code GradMode.noGrad()}.</li>
 *   <li>Classes: {@code bert} (BertModel, RobertaModel, BertForSequenceClassification,
 *       RobertaForSequenceClassification), {@code gpt2} (GPT2Model, GPT2LMHeadModel), {@code llama} (LlamaModel,
 *       LlamaForCausalLM); decoders implement {@link org.peft4j.transformer.models.CausalLanguageModel} for
 *       {@link org.peft4j.transformer.generate.Generator}.</li>
 * </ul>
 */
package org.peft4j.transformer.models;
