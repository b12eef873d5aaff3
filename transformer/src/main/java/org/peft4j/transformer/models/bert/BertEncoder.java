package org.peft4j.transformer.models.bert;

import org.peft4j.transformer.models.WeightSource;
import org.peft4j.weights.config.EncoderConfig;
import org.peft4j.transformer.nn.Module;
import org.peft4j.transformer.nn.ModuleList;

/** {@code encoder}: the stack {@code encoder.layer.N}. */
public final class BertEncoder extends Module {
    private final ModuleList<BertLayer> layers;

    public BertEncoder(String path, EncoderConfig cfg, WeightSource w) {
        super(path);
        layers = addChild("layer", new ModuleList<>(join(path, "layer"), BertLayer.class)).get();
        for (int i = 0; i < cfg.numHiddenLayers(); i++) layers.add(new BertLayer(layers.nextPath(), cfg, w));
    }

    public BertLayer layer(int i) { return layers.get(i); }

    public int size() { return layers.size(); }
}
