/**
 * safetensors, read through a memory map and written byte for byte as the Python library writes it.
 * {@link org.peft4j.weights.safetensors.SafetensorsFile} (one file or in-memory payload),
 * {@link org.peft4j.weights.safetensors.ModelWeights} (a model folder, possibly sharded),
 * {@link org.peft4j.weights.safetensors.SafetensorsWriter} (atomic files, {@code toBytes}/{@code fromBytes}).
 * Malformed input is a {@link org.peft4j.weights.safetensors.SafetensorsFormatException} naming the file, the tensor
 * and the byte offset; PyTorch pickles are refused with {@link org.peft4j.weights.safetensors.PickleCheckpointException}.
 */
package org.peft4j.weights.safetensors;
