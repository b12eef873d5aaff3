package org.peft4j.weights.safetensors;

/**
 * A PyTorch pickle checkpoint (pytorch_model.bin, *.pt, *.pth, *.ckpt) was offered where safetensors is required.
 * peft4j never reads pickle: unpickling runs arbitrary code chosen by whoever wrote the file.
 */
public final class PickleCheckpointException extends SafetensorsFormatException {
    static final String WHY_AND_HOW = "peft4j does not read PyTorch pickle checkpoints: unpickling executes arbitrary code"
            + " embedded in the file, so loading an untrusted one can take over the machine. Convert it once, in Python, to"
            + " safetensors: `from safetensors.torch import save_file; save_file(torch.load(path, weights_only=True), \"model.safetensors\")`"
            + " (add metadata={\"format\": \"pt\"}; tied weights must be de-duplicated first), or for a transformers model"
            + " `AutoModel.from_pretrained(dir).save_pretrained(dir, safe_serialization=True)`.";

    public PickleCheckpointException(String source, String found) {
        this(source, -1, found);
    }

    public PickleCheckpointException(String source, long byteOffset, String found) {
        super(source, null, byteOffset, found + ". " + WHY_AND_HOW);
    }
}
