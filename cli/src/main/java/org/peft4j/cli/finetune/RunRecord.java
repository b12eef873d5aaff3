package org.peft4j.cli.finetune;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * run.json: what a finetune run was given (model, data, columns, method, settings), with absolute paths, so that
 * {@code peft4j eval --adapter OUT} rebuilds the same model and evaluation data without repeating the options.
 */
public record RunRecord(String model, String tokenizer, boolean randomInit, String task, String data, String evalData,
                        String textColumn, String textPairColumn, String labelColumn, MethodSpec method, TrainSettings settings,
                        List<String> commandLine) {

    public static final String FILE = "run.json";

    /** An option's path made absolute (so the record still works from another working folder), or null. */
    public static String absolute(Path p) { return p == null ? null : p.toAbsolutePath().normalize().toString(); }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model);
        m.put("tokenizer", tokenizer);
        m.put("random_init", randomInit);
        m.put("task", task);
        m.put("data", data);
        m.put("eval_data", evalData);
        m.put("text_column", textColumn);
        m.put("text_pair_column", textPairColumn);
        m.put("label_column", labelColumn);
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("method", method.method());
        me.put("r", method.r());
        me.put("alpha", method.alpha());
        me.put("lora_dropout", method.loraDropout());
        me.put("init", method.init());
        me.put("federa_niter", method.federaNiter());
        me.put("target_modules", method.targetModules());
        me.put("layers", method.layers());
        me.put("reduction_factor", method.reductionFactor());
        me.put("adapter_style", method.adapterStyle());
        me.put("seed", method.seed());
        m.put("method", me);
        TrainSettings s = settings;
        Map<String, Object> st = new LinkedHashMap<>();
        st.put("epochs", s.epochs());
        st.put("max_steps", s.maxSteps());
        st.put("batch", s.batch());
        st.put("grad_accumulation", s.gradAccumulation());
        st.put("lr", s.lr());
        st.put("weight_decay", s.weightDecay());
        st.put("warmup_ratio", s.warmupRatio());
        st.put("schedule", s.schedule());
        st.put("max_grad_norm", s.maxGradNorm());
        st.put("max_length", s.maxLength());
        st.put("seed", s.seed());
        st.put("eval_every", s.evalEvery());
        st.put("eval_batch", s.evalBatch());
        st.put("max_train", s.maxTrain());
        st.put("max_eval", s.maxEval());
        st.put("length_buckets", s.lengthBuckets());
        st.put("max_new_tokens", s.maxNewTokens());
        st.put("log_every", s.logEvery());
        st.put("stop_after_steps", s.stopAfterSteps());
        st.put("save_every", s.saveEvery());
        m.put("settings", st);
        m.put("command_line", commandLine);
        return m;
    }

    public static RunRecord fromJson(JsonNode j, String source) {
        JsonNode me = need(j, "method", source), st = need(j, "settings", source);
        List<String> targets = null;
        if (me.hasNonNull("target_modules")) {
            targets = new ArrayList<>();
            for (JsonNode t : me.get("target_modules")) targets.add(t.asText());
        }
        MethodSpec method = new MethodSpec(need(me, "method", source).asText(), me.path("r").asInt(8), me.path("alpha").asDouble(16),
                me.path("lora_dropout").asDouble(0), text(me, "init"), me.path("federa_niter").asInt(4), targets, text(me, "layers"),
                me.path("reduction_factor").asInt(16), text(me, "adapter_style"), me.path("seed").asLong(0));
        TrainSettings settings = new TrainSettings(st.path("epochs").asInt(1), st.path("max_steps").asLong(0), st.path("batch").asInt(16),
                st.path("grad_accumulation").asInt(1), st.path("lr").asDouble(5e-4), st.path("weight_decay").asDouble(0.01),
                st.path("warmup_ratio").asDouble(0.06), st.path("schedule").asText("linear"), st.path("max_grad_norm").asDouble(1.0),
                need(st, "max_length", source).asInt(), st.path("seed").asLong(0), st.path("eval_every").asLong(0),
                st.path("eval_batch").asInt(64), st.path("max_train").asInt(0), st.path("max_eval").asInt(0),
                st.path("length_buckets").asBoolean(true), st.path("max_new_tokens").asInt(64), st.path("log_every").asInt(10), false,
                st.path("stop_after_steps").asLong(0), st.path("save_every").asLong(0));
        List<String> cmd = new ArrayList<>();
        for (JsonNode c : j.path("command_line")) cmd.add(c.asText());
        return new RunRecord(text(j, "model"), text(j, "tokenizer"), j.path("random_init").asBoolean(false), need(j, "task", source).asText(),
                text(j, "data"), text(j, "eval_data"), text(j, "text_column"), text(j, "text_pair_column"), text(j, "label_column"),
                method, settings, cmd);
    }

    private static JsonNode need(JsonNode j, String key, String source) {
        JsonNode v = j.get(key);
        if (v == null || v.isNull()) throw new IllegalArgumentException(source + ": missing key \"" + key + "\" (not a peft4j run.json?)");
        return v;
    }

    private static String text(JsonNode j, String key) {
        JsonNode v = j.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }
}
