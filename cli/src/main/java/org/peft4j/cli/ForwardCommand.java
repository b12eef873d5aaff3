package org.peft4j.cli;

import org.peft4j.autograd.GradMode;
import org.peft4j.peft.Peft;
import org.peft4j.peft.PeftModel;
import org.peft4j.tensor.Shapes;
import org.peft4j.tensor.Tensor;
import org.peft4j.transformer.models.ModelInput;
import org.peft4j.transformer.models.ModelOutput;
import org.peft4j.transformer.models.Models;
import org.peft4j.transformer.models.TransformerModel;
import org.peft4j.weights.safetensors.SafetensorsFile;
import org.peft4j.weights.safetensors.SafetensorsWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * `peft4j forward`: one inference pass of a Hugging Face model folder over the ids in a safetensors file; writes
 * last_hidden_state (and logits for models with a head, pooler_output for a BertModel with a pooler) as F32. With
 * --adapter, a PEFT adapter folder is applied first (optionally merged into the weights).
 */
@Command(name = "forward", mixinStandardHelpOptions = true,
        description = "Runs a model on input_ids (and optional attention_mask, token_type_ids) from a safetensors file and writes its outputs.")
public final class ForwardCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "Hugging Face model folder (config.json + model.safetensors)") Path model;
    @Option(names = "--inputs", required = true, description = "safetensors with input_ids I64 [B,T] and optional attention_mask, token_type_ids") Path inputs;
    @Option(names = "--output", required = true, description = "safetensors to write: last_hidden_state F32 [B,T,H], logits F32 when the model has a head") Path output;
    @Option(names = "--adapter", description = "PEFT adapter folder (adapter_config.json + adapter_model.safetensors, Hugging Face PEFT format) to apply") Path adapter;
    @Option(names = "--merge", description = "with --adapter: merge the adapter into the weights before the forward") boolean merge;
    @Mixin TraceOption trace;

    @Override
    public Integer call() {
        return CommandErrors.run("forward", () -> {
            if (merge && adapter == null) throw new IllegalArgumentException("--merge needs --adapter");
            Map<String, Tensor> out = new LinkedHashMap<>();
            try (TransformerModel m = Models.load(model);
                 SafetensorsFile in = SafetensorsFile.open(inputs);
                 var g = GradMode.noGrad()) {
                if (adapter != null) {
                    PeftModel pm = Peft.load(m, adapter);
                    if (merge) pm.merge();
                }
                ModelInput input = ModelInput.of(ids(in, "input_ids", true))
                        .withAttentionMask(ids(in, "attention_mask", false))
                        .withTokenTypeIds(ids(in, "token_type_ids", false));
                ModelOutput o = trace.traced(() -> m.forward(input));
                out.put("last_hidden_state", o.lastHiddenState().value().contiguous());
                if (o.logits() != null) out.put("logits", o.logits().value().contiguous());
                if (o.poolerOutput() != null) out.put("pooler_output", o.poolerOutput().value().contiguous());
                SafetensorsWriter.write(output, out);
            }
            return 0;
        });
    }

    /** An integer tensor [B, T] (any integer dtype) as I64 on the heap. */
    private static Tensor ids(SafetensorsFile f, String name, boolean required) {
        if (!f.contains(name)) {
            if (required) throw new IllegalArgumentException(f.source() + ": missing tensor '" + name + "' (expected I64 [batch, seq])");
            return null;
        }
        Tensor t = f.tensor(name);
        if (t.dtype().isFloating() || t.dim() != 2)
            throw new IllegalArgumentException(f.source() + ": tensor '" + name + "' must be an integer [batch, seq] tensor, found "
                    + t.dtype() + " " + Shapes.str(t.shape()));
        return Tensor.ofLongs(t.toLongArray(), t.shape());
    }
}
