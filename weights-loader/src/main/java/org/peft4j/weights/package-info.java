/**
 * peft4j weights-loader: Hugging Face model folders (safetensors, config.json, tokenizer.json) and ONNX weight
 * import. Format errors share the base type {@link org.peft4j.weights.WeightsFormatException}.
 */
package org.peft4j.weights;
