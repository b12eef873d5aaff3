/**
 * Transformer building blocks with Hugging Face names. This is the contract other modules (PEFT, fine-tuning,
 * federated) code against.
 *
 * <h2>Module tree and names</h2>
 * <ul>
 *   <li>{@link org.peft4j.transformer.nn.Module} is a node holding parameters and child modules under local
 *       names. Every module is built with its full dotted {@link org.peft4j.transformer.nn.Module#path() path}
 *       from the model root, so the dotted path of a parameter is exactly its key in Hugging Face's
 *       {@code model.safetensors} ({@code bert.encoder.layer.0.attention.self.query.weight} in a
 *       BertForSequenceClassification, {@code encoder.layer.0...} in a bare BertModel).</li>
 *   <li>Parameters are {@link org.peft4j.autograd.Parameter}s whose {@code name()} is that full path (unique in a
 *       model; the optimizers key their state by it).</li>
 *   <li>{@code model.namedParameters()} / {@code namedModules()} list the subtree by path relative to the module
 *       they are called on (the root's paths are the full names), depth-first in registration order, tied weights
 *       once (GPT-2's {@code lm_head.weight} is {@code transformer.wte.weight} and is listed under the latter).</li>
 *   <li>{@code model.module("encoder.layer.0.attention.self.query")} and {@code model.parameter("...weight")} find
 *       one by path; a missing segment throws naming it and the children that exist.</li>
 * </ul>
 *
 * <h2>Replacing layers (how PEFT plugs in)</h2>
 * Parents hold children only through {@link org.peft4j.transformer.nn.Child} handles and call them on every
 * forward ({@code query.get().forward(x)}), never through a final Linear-typed field. So
 * {@code model.replace("encoder.layer.0.attention.self.query", wrapper)} makes the next forward run the wrapper.
 * The replacement must
 * <ul>
 *   <li>be an instance of the slot's declared type ({@link org.peft4j.transformer.nn.Module#slotType}): for every
 *       dense projection that is {@link org.peft4j.transformer.nn.Layer} ({@code Var forward(Var x)});</li>
 *   <li>be a Module built with the same {@code path()} as the module it replaces (its own parameters then get
 *       names under that path, e.g. {@code ...query.lora_A.weight}); it typically keeps the old module as a child
 *       under "base_layer" via {@code adoptChild} (its parameters keep their base names, e.g.
 *       {@code ...query.weight}, while namedParameters() lists them as {@code ...query.base_layer.weight}).</li>
 * </ul>
 * Dense projections implement {@link org.peft4j.transformer.nn.LinearLayer}: in/out features, weight, bias and
 * whether the weight is stored [in, out] ({@link org.peft4j.transformer.nn.Conv1D}, GPT-2, PEFT's
 * fan_in_fan_out) or [out, in] ({@link org.peft4j.transformer.nn.Linear}). Replaceable slots in the models:
 * BERT/RoBERTa {@code attention.self.query|key|value}, {@code attention.output.dense},
 * {@code intermediate.dense}, {@code output.dense}, pooler {@code dense}, classifier heads; GPT-2
 * {@code attn.c_attn}, {@code attn.c_proj}, {@code mlp.c_fc}, {@code mlp.c_proj}; LLaMA
 * {@code self_attn.q_proj|k_proj|v_proj|o_proj}, {@code mlp.gate_proj|up_proj|down_proj}, {@code lm_head}.
 *
 * <h2>Weights, freezing, modes</h2>
 * <ul>
 *   <li>Loaded models start frozen (every parameter {@code requiresGrad == false}) in eval mode. Frozen weights
 *       stay views of the mapped safetensors file in the file's dtype (F32/F16/BF16); they are never copied to
 *       fp32 heap.</li>
 *   <li>{@code freeze()} / {@code unfreeze()} act on a whole subtree; {@code Module.makeTrainable(p)} on one
 *       parameter. Making a parameter trainable replaces a mapped or half-precision value by an fp32 heap copy
 *       (trainable parameters are always fp32 heap, as the optimizers require). BitFit = unfreeze the biases.</li>
 *   <li>{@code train()} / {@code eval()} switch dropout for the subtree; a replacement inherits its parent's mode.
 *       {@link org.peft4j.transformer.nn.Dropout#reseedAll} seeds every dropout for a reproducible run.</li>
 * </ul>
 */
package org.peft4j.transformer.nn;
