package org.peft4j.peft;

import org.peft4j.peft.adapter.Bottleneck;
import org.peft4j.peft.adapter.BottleneckConfig;
import org.peft4j.peft.bitfit.BitFit;
import org.peft4j.peft.bitfit.BitFitConfig;
import org.peft4j.peft.bitfit.FullFineTuneConfig;
import org.peft4j.peft.ia3.Ia3;
import org.peft4j.peft.ia3.Ia3Config;
import org.peft4j.peft.io.AdapterFiles;
import org.peft4j.peft.lora.Lora;
import org.peft4j.peft.lora.LoraConfig;
import org.peft4j.transformer.models.TransformerModel;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The entry point: {@code Peft.apply(model, config)} adapts a model in place (its tree gets the method's wrappers,
 * every base weight is frozen) and returns the {@link PeftModel} handle; {@link #load} applies a saved adapter folder;
 * {@link #save} writes one in Hugging Face PEFT's format.
 */
public final class Peft {
    private Peft() {}

    public static PeftModel apply(TransformerModel model, PeftConfig config) {
        return switch (config) {
            case LoraConfig c -> Lora.apply(model, c);
            case Ia3Config c -> Ia3.apply(model, c);
            case BottleneckConfig c -> Bottleneck.apply(model, c);
            case BitFitConfig c -> BitFit.apply(model, c);
            case FullFineTuneConfig c -> BitFit.applyFull(model, c);
            default -> throw new IllegalArgumentException("unknown PEFT config " + config.getClass().getName());
        };
    }

    /** Applies the adapter folder {@code dir} (adapter_config.json + adapter_model.safetensors) to the model. */
    public static PeftModel load(TransformerModel model, Path dir) throws IOException { return AdapterFiles.load(model, dir); }

    /** Writes adapter_config.json and adapter_model.safetensors into {@code dir}. */
    public static void save(PeftModel model, Path dir) throws IOException { AdapterFiles.save(model, dir); }
}
