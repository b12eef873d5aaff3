/**
 * Read-only import of weights from ONNX exports: a protobuf wire-format reader over the mapped file
 * ({@link org.peft4j.weights.onnx.OnnxModel}), recovery of Hugging Face names and layouts for exported Linear
 * weights ({@link org.peft4j.weights.onnx.OnnxWeightImporter}), and the all-MiniLM-L6-v2 model from Maven Central
 * turned into a Hugging Face folder ({@link org.peft4j.weights.onnx.MiniLm}).
 */
package org.peft4j.weights.onnx;
