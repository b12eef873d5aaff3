package org.peft4j.peft.io;

import org.peft4j.peft.AdapterFormatException;
import org.peft4j.peft.BiasMode;
import org.peft4j.peft.PeftConfig;
import org.peft4j.peft.PeftModel;
import org.peft4j.peft.PeftType;
import org.peft4j.peft.TargetModules;
import org.peft4j.peft.TaskType;
import org.peft4j.peft.adapter.BottleneckConfig;
import org.peft4j.peft.bitfit.BitFitConfig;
import org.peft4j.peft.bitfit.FullFineTuneConfig;
import org.peft4j.peft.ia3.Ia3Config;
import org.peft4j.peft.lora.LoraConfig;
import org.peft4j.peft.lora.LoraInit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * adapter_config.json &lt;-&gt; {@link PeftConfig}. LoRA and IA3 are written with exactly the fields PEFT 0.10 writes
 * (keys sorted, as PEFT's json.dumps(sort_keys=True)), so Python PEFT loads them; BOTTLENECK, BITFIT and FULL use
 * peft4j's own fields.
 */
public final class AdapterConfigJson {
    private AdapterConfigJson() {}

    /** The JSON object for a model's effective config (fan_in_fan_out from its layers, base path as set on it). */
    public static Map<String, Object> toJson(PeftModel model) {
        boolean fanInFanOut = model.layers().values().stream().anyMatch(l -> l.baseLayer().weightIsInOut());
        return toJson(model.config(), model.baseModelNameOrPath(), fanInFanOut);
    }

    public static Map<String, Object> toJson(PeftConfig config, String baseModelNameOrPath, boolean fanInFanOut) {
        Map<String, Object> j = new TreeMap<>();
        j.put("base_model_name_or_path", baseModelNameOrPath);
        j.put("peft_type", config.peftType().name());
        j.put("task_type", config.taskType() == null ? null : config.taskType().name());
        j.put("modules_to_save", config.modulesToSave().isEmpty() ? null : config.modulesToSave());
        j.put("inference_mode", true);
        switch (config) {
            case LoraConfig c -> {
                j.put("alpha_pattern", Map.of());
                j.put("auto_mapping", null);
                j.put("bias", c.bias().jsonName());
                j.put("fan_in_fan_out", fanInFanOut);
                j.put("init_lora_weights", c.init().jsonValue());
                j.put("layer_replication", null);
                j.put("layers_pattern", c.targetModules().layersPattern());
                j.put("layers_to_transform", c.targetModules().layersToTransform());
                j.put("loftq_config", Map.of());
                j.put("lora_alpha", number(c.loraAlpha()));
                j.put("lora_dropout", c.loraDropout());
                j.put("megatron_config", null);
                j.put("megatron_core", "megatron.core");
                j.put("r", c.r());
                j.put("rank_pattern", Map.of());
                j.put("revision", null);
                j.put("target_modules", c.targetModules().jsonValue());
                j.put("use_dora", false);
                j.put("use_rslora", c.useRslora());
            }
            case Ia3Config c -> {
                j.put("auto_mapping", null);
                j.put("fan_in_fan_out", fanInFanOut);
                j.put("feedforward_modules", c.feedforwardModules());
                j.put("init_ia3_weights", c.initIa3Weights());
                j.put("revision", null);
                j.put("target_modules", c.targetModules().jsonValue());
            }
            case BottleneckConfig c -> {
                j.put("library", "peft4j");
                j.put("style", c.style().jsonName());
                j.put("reduction_factor", c.reductionFactor());
                j.put("non_linearity", c.nonLinearity());
                j.put("residual", c.residual());
                j.put("layers_to_transform", c.layersToTransform());
            }
            case BitFitConfig c -> j.put("library", "peft4j");
            case FullFineTuneConfig c -> j.put("library", "peft4j");
            default -> throw new IllegalArgumentException("no adapter_config.json form for " + config.getClass().getName());
        }
        return j;
    }

    /** Integral values as integers (PEFT writes lora_alpha 8, not 8.0). */
    private static Object number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? (Object) (long) v : (Object) v;
    }

    /** Parses a config object (as Jackson reads it into maps/lists). Unknown fields are ignored, as newer PEFT versions add some. */
    public static PeftConfig fromJson(Map<String, Object> j, String source) {
        PeftType type = PeftType.parse(string(j, "peft_type", source));
        TaskType task = TaskType.parse(j.get("task_type") instanceof String s ? s : null);
        List<String> modulesToSave = stringList(j.get("modules_to_save"), "modules_to_save", source);
        return switch (type) {
            case LORA -> lora(j, task, modulesToSave, source);
            case IA3 -> new Ia3Config(targets(j, source, false), stringList(j.get("feedforward_modules"), "feedforward_modules", source),
                    modulesToSave, !Boolean.FALSE.equals(j.get("init_ia3_weights")), task);
            case BOTTLENECK -> new BottleneckConfig(BottleneckConfig.Style.parse(string(j, "style", source)),
                    intValue(j.get("reduction_factor"), "reduction_factor", source),
                    j.get("non_linearity") instanceof String s ? s : "relu", !Boolean.FALSE.equals(j.get("residual")),
                    intList(j.get("layers_to_transform"), "layers_to_transform", source), modulesToSave, task, 0);
            case BITFIT -> new BitFitConfig(modulesToSave, task);
            case FULL -> new FullFineTuneConfig(task);
        };
    }

    private static LoraConfig lora(Map<String, Object> j, TaskType task, List<String> modulesToSave, String source) {
        if (Boolean.TRUE.equals(j.get("use_dora"))) throw new AdapterFormatException(source + ": use_dora is true; DoRA adapters are not supported");
        for (String f : List.of("rank_pattern", "alpha_pattern"))
            if (j.get(f) instanceof Map<?, ?> m && !m.isEmpty())
                throw new AdapterFormatException(source + ": " + f + " " + m + " is not supported (one r and lora_alpha for every layer)");
        if (j.get("layer_replication") != null) throw new AdapterFormatException(source + ": layer_replication is not supported");
        if (j.get("loftq_config") instanceof Map<?, ?> m && !m.isEmpty()) throw new AdapterFormatException(source + ": LoftQ is not supported");
        int r = intValue(j.get("r"), "r", source);
        double alpha = j.containsKey("lora_alpha") ? doubleValue(j.get("lora_alpha"), "lora_alpha", source) : 8;
        double dropout = j.containsKey("lora_dropout") ? doubleValue(j.get("lora_dropout"), "lora_dropout", source) : 0;
        BiasMode bias = BiasMode.parse(j.get("bias") instanceof String s ? s : "none");
        return new LoraConfig(r, alpha, Boolean.TRUE.equals(j.get("use_rslora")), dropout, targets(j, source, true), bias,
                modulesToSave, LoraInit.parse(j.get("init_lora_weights")), task, 0);
    }

    private static TargetModules targets(Map<String, Object> j, String source, boolean layered) {
        Object t = j.get("target_modules");
        TargetModules tm;
        if (t == null) return null;
        if (t instanceof String s) tm = TargetModules.regex(s);
        else tm = TargetModules.names(stringList(t, "target_modules", source));
        if (!layered) return tm;
        List<Integer> layers = intList(j.get("layers_to_transform"), "layers_to_transform", source);
        Object lp = j.get("layers_pattern");
        List<String> pattern = lp instanceof String s ? List.of(s) : stringList(lp, "layers_pattern", source);
        if (layers != null) tm = tm.layers(layers);
        if (pattern != null && !pattern.isEmpty()) tm = tm.layersPattern(pattern);
        return tm;
    }

    private static String string(Map<String, Object> j, String key, String source) {
        Object v = j.get(key);
        if (!(v instanceof String s)) throw new AdapterFormatException(source + ": field '" + key + "': expected a string, found " + v);
        return s;
    }

    static List<String> stringList(Object v, String key, String source) {
        if (v == null) return null;
        if (!(v instanceof List<?> l)) throw new AdapterFormatException(source + ": field '" + key + "': expected a list of strings, found " + v);
        List<String> out = new ArrayList<>();
        for (Object o : l) {
            if (!(o instanceof String s)) throw new AdapterFormatException(source + ": field '" + key + "': expected strings, found " + o);
            out.add(s);
        }
        return out;
    }

    private static List<Integer> intList(Object v, String key, String source) {
        if (v == null) return null;
        if (v instanceof Number) return List.of(intValue(v, key, source));
        if (!(v instanceof List<?> l)) throw new AdapterFormatException(source + ": field '" + key + "': expected an integer or a list of integers, found " + v);
        List<Integer> out = new ArrayList<>();
        for (Object o : l) out.add(intValue(o, key, source));
        return out;
    }

    private static int intValue(Object v, String key, String source) {
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) return n.intValue();
        throw new AdapterFormatException(source + ": field '" + key + "': expected an integer, found " + v);
    }

    private static double doubleValue(Object v, String key, String source) {
        if (v instanceof Number n) return n.doubleValue();
        throw new AdapterFormatException(source + ": field '" + key + "': expected a number, found " + v);
    }

    /** A copy with one field changed (for FeDeRA exports). */
    public static Map<String, Object> with(Map<String, Object> j, String key, Object value) {
        Map<String, Object> out = new TreeMap<>(j);
        out.put(key, value);
        return out;
    }

    static Map<String, Object> ordered(Map<String, Object> j) { return new LinkedHashMap<>(new TreeMap<>(j)); }
}
