package org.peft4j.peft;

import org.peft4j.autograd.Parameter;
import org.peft4j.tensor.Shapes;
import org.peft4j.tensor.Tensor;
import org.peft4j.transformer.models.ModelInput;
import org.peft4j.transformer.models.ModelOutput;
import org.peft4j.transformer.models.TransformerModel;
import org.peft4j.transformer.nn.Module;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A model with one PEFT method applied (made by {@link Peft#apply} or {@link Peft#load}). The base model's tree now
 * holds the method's wrappers, so {@link #forward} is simply the model's forward.
 * <ul>
 *   <li>Every base weight is frozen and untouched: adapter parameters are new tensors, and base parameters that train
 *       (LoRA biases, BitFit, modules_to_save such as a classifier head) train on fp32 copies while the originals are
 *       kept for {@link #unload()}.</li>
 *   <li>{@link #adapterParameters()} are keyed exactly as Hugging Face PEFT keys adapter_model.safetensors
 *       ({@code base_model.model.bert.encoder.layer.0.attention.self.query.lora_A.weight},
 *       {@code base_model.model.classifier.weight}); federated rounds exchange the same keys.</li>
 * </ul>
 */
public final class PeftModel {
    /** The prefix of every key PEFT saves for non-prompt methods. */
    public static final String KEY_PREFIX = "base_model.model.";

    private final TransformerModel model;
    private final PeftConfig config;
    private final TaskType taskType;
    private final Map<String, PeftLayer> layers;
    private final Map<String, Parameter> adapterParameters;
    private final Map<Parameter, Tensor> originals;
    private final List<String> savedModules;
    private String baseModelNameOrPath;
    private Map<String, Tensor> initialAdapter;
    private boolean detached;

    private PeftModel(Builder b, PeftConfig config) {
        this.model = b.model;
        this.config = config;
        this.taskType = b.taskType;
        this.layers = Collections.unmodifiableMap(new LinkedHashMap<>(b.layers));
        this.originals = b.originals;
        this.savedModules = List.copyOf(b.savedModules);
        Map<String, Parameter> params = new LinkedHashMap<>();
        for (var e : model.namedParameters().entrySet())
            if (e.getValue().requiresGrad()) params.put(KEY_PREFIX + e.getKey(), e.getValue());
        if (params.isEmpty())
            throw new PeftConfigException(config.peftType() + " left no trainable parameter in " + model.architecture());
        this.adapterParameters = Collections.unmodifiableMap(params);
    }

    // ================================================================ the model

    /** The adapted model (its tree holds the wrappers). */
    public TransformerModel model() { check(); return model; }

    public ModelOutput forward(ModelInput in) { check(); return model.forward(in); }

    /** The effective config: defaults filled in, negative layer indices resolved, the task type decided. */
    public PeftConfig config() { return config; }

    public TaskType taskType() { return taskType; }

    public PeftModel train() { check(); model.train(); return this; }

    public PeftModel eval() { check(); model.eval(); return this; }

    /** The wrappers by module path, in model order (empty for BitFit and full fine-tuning). */
    public Map<String, PeftLayer> layers() { return layers; }

    /** Modules trained whole beside the adapter (modules_to_save, incl. a SEQ_CLS classifier), by path. */
    public List<String> savedModules() { return savedModules; }

    // ================================================================ parameters and tensors

    /** The parameters the method trains, by PEFT file key, in model order. */
    public Map<String, Parameter> adapterParameters() { return adapterParameters; }

    /** The trainable parameters (what an optimizer gets). */
    public List<Parameter> trainableParameters() {
        List<Parameter> out = new ArrayList<>();
        for (Parameter p : adapterParameters.values()) if (p.requiresGrad()) out.add(p);
        return out;
    }

    /** Number of trainable elements (PEFT's print_trainable_parameters "trainable params"). */
    public long numTrainableParameters() {
        long n = 0;
        for (Parameter p : trainableParameters()) n += p.numel();
        return n;
    }

    /** Number of elements of the whole model (base + adapter; tied weights once). */
    public long numParameters() { return model.numParameters(); }

    /** Copies of the adapter tensors by PEFT key (what adapter_model.safetensors holds, what a federated client sends). */
    public Map<String, Tensor> adapterTensors() {
        check();
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (var e : adapterParameters.entrySet()) out.put(e.getKey(), e.getValue().value().copy());
        return out;
    }

    /**
     * Sets adapter tensors by PEFT key (a loaded file, an aggregated federated adapter). With {@code strict}, the keys
     * must be exactly {@link #adapterParameters()}'s; otherwise a subset is accepted (a masked federated update).
     * Unknown keys and shape mismatches always fail, naming the key, the module and both shapes.
     */
    public void loadAdapterTensors(Map<String, Tensor> tensors, boolean strict) {
        check();
        List<String> unknown = new ArrayList<>();
        for (String k : tensors.keySet()) if (!adapterParameters.containsKey(k)) unknown.add(k);
        if (!unknown.isEmpty())
            throw new AdapterFormatException("adapter tensors " + unknown.subList(0, Math.min(6, unknown.size())) + (unknown.size() > 6 ? " ..." : "")
                    + " name no " + config.peftType() + " parameter of this " + model.architecture() + " (its adapter keys: "
                    + List.copyOf(adapterParameters.keySet()).subList(0, Math.min(6, adapterParameters.size())) + (adapterParameters.size() > 6 ? " ..." : "") + ")");
        if (strict) {
            TreeSet<String> missing = new TreeSet<>(adapterParameters.keySet());
            missing.removeAll(tensors.keySet());
            if (!missing.isEmpty())
                throw new AdapterFormatException("adapter is missing " + missing.size() + " tensors of this " + config.peftType() + " model: "
                        + List.copyOf(missing).subList(0, Math.min(6, missing.size())) + (missing.size() > 6 ? " ..." : ""));
        }
        for (var e : tensors.entrySet()) {
            Parameter p = adapterParameters.get(e.getKey());
            Tensor t = e.getValue();
            if (!java.util.Arrays.equals(t.shape(), p.shape()))
                throw new AdapterFormatException("adapter tensor '" + e.getKey() + "' for module '" + moduleOf(e.getKey()) + "' has shape "
                        + Shapes.str(t.shape()) + ", the model's parameter is " + Shapes.str(p.shape()));
            if (!t.dtype().isFloating())
                throw new AdapterFormatException("adapter tensor '" + e.getKey() + "' is " + t.dtype() + ", expected a floating dtype");
        }
        for (var e : tensors.entrySet()) adapterParameters.get(e.getKey()).setValue(e.getValue().copy());
    }

    private static String moduleOf(String key) {
        String k = key.startsWith(KEY_PREFIX) ? key.substring(KEY_PREFIX.length()) : key;
        int dot = k.lastIndexOf('.');
        return dot < 0 ? k : k.substring(0, dot);
    }

    // ================================================================ merging

    /** Folds every adapter layer into its base weight; forward then costs what the base model costs. */
    public void merge(MergeInto into) {
        check();
        for (PeftLayer l : layers.values())
            if (!l.isMergeable())
                throw new PeftConfigException(config.peftType() + " layer '" + l.modulePath() + "' is not a linear change of the base weight and cannot be merged");
        List<PeftLayer> done = new ArrayList<>();
        try {
            for (PeftLayer l : layers.values()) if (!l.isMerged()) { l.merge(into); done.add(l); }
        } catch (RuntimeException e) {                 // e.g. IN_PLACE refused by a mapped weight: merge all or nothing
            for (PeftLayer l : done) l.unmerge();
            throw e;
        }
    }

    public void merge() { merge(MergeInto.NEW_F32); }

    /** Undoes {@link #merge}. */
    public void unmerge() {
        check();
        for (PeftLayer l : layers.values()) if (l.isMerged()) l.unmerge();
    }

    public boolean isMerged() { return !layers.isEmpty() && layers.values().stream().allMatch(PeftLayer::isMerged); }

    /**
     * Merges (into new F32 tensors) and puts the base layers back in the tree: the result is a plain model whose
     * adapted weights hold W + ΔW and whose trained heads/biases keep their trained values. This PeftModel is then
     * detached and must not be used.
     */
    public TransformerModel mergeAndUnload(MergeInto into) {
        merge(into);
        for (PeftLayer l : layers.values()) model.replace(l.modulePath(), (Module) l.baseLayer());
        model.freeze();
        detached = true;
        return model;
    }

    /**
     * Removes the method: unmerges, puts the base layers back and restores the original values of every base
     * parameter that trained (biases, heads), then freezes. Returns the base model as it was; this PeftModel is
     * detached.
     */
    public TransformerModel unload() {
        unmerge();
        for (PeftLayer l : layers.values()) model.replace(l.modulePath(), (Module) l.baseLayer());
        for (var e : originals.entrySet()) e.getKey().setValue(e.getValue());
        model.freeze();
        detached = true;
        return model;
    }

    /**
     * Replaces the value of a frozen base parameter (FeDeRA's residual weight), keeping the original for
     * {@link #unload()} and {@link #originalValue}.
     */
    public void replaceFrozenValue(Parameter p, Tensor value) {
        check();
        if (p.requiresGrad()) throw new IllegalArgumentException("replaceFrozenValue: '" + p.name() + "' is trainable");
        originals.putIfAbsent(p, p.value());
        p.setValue(value);
    }

    /** The value a trained base parameter had before the method copied it (for writing a residual base model), or its current value. */
    public Tensor originalValue(Parameter p) {
        Tensor t = originals.get(p);
        return t != null ? t : p.value();
    }

    // ================================================================ provenance

    /** adapter_config.json's base_model_name_or_path (null if unknown). */
    public String baseModelNameOrPath() { return baseModelNameOrPath; }

    public PeftModel setBaseModelNameOrPath(String s) { this.baseModelNameOrPath = s; return this; }

    /** FeDeRA: the adapter right after the SVD initialisation (A₀, B₀), kept to save a PiSSA-to-LoRA conversion; or null. */
    public Map<String, Tensor> initialAdapter() { return initialAdapter; }

    public void setInitialAdapter(Map<String, Tensor> tensors) { this.initialAdapter = tensors == null ? null : Map.copyOf(tensors); }

    private void check() {
        if (detached) throw new IllegalStateException("this PeftModel was unloaded; use the model unload()/mergeAndUnload() returned");
    }

    @Override
    public String toString() {
        return "PeftModel(" + config.peftType() + " on " + model.architecture() + ", " + layers.size() + " adapted layers, "
                + numTrainableParameters() + " trainable of " + numParameters() + ")";
    }

    // ================================================================ construction (for the methods)

    /** Starts adapting a model: freezes every parameter first, as PEFT marks only adapter parameters trainable. */
    public static Builder builder(TransformerModel model, TaskType taskType) { return new Builder(model, taskType); }

    /** What a method does to a model, step by step; {@link #build} freezes the result into a PeftModel. */
    public static final class Builder {
        private final TransformerModel model;
        private final TaskType taskType;
        private final Map<String, PeftLayer> layers = new LinkedHashMap<>();
        private final Map<Parameter, Tensor> originals = new IdentityHashMap<>();
        private final List<String> savedModules = new ArrayList<>();
        private final Map<Parameter, Boolean> requiredGrad = new IdentityHashMap<>();

        private Builder(TransformerModel model, TaskType taskType) {
            this.model = model;
            this.taskType = taskType;
            for (Parameter p : model.parameters()) requiredGrad.put(p, p.requiresGrad());
            model.freeze();
        }

        /** Undoes everything done so far (a method that failed half-way leaves the model as it found it). */
        public void rollback() {
            for (PeftLayer l : layers.values()) model.replace(l.modulePath(), (Module) l.baseLayer());
            for (var e : originals.entrySet()) e.getKey().setValue(e.getValue());
            requiredGrad.forEach(Parameter::setRequiresGrad);
            layers.clear();
            originals.clear();
        }

        public TransformerModel model() { return model; }

        /** Puts the wrapper in the tree at its path. */
        public Builder wrap(PeftLayer wrapper) {
            model.replace(wrapper.modulePath(), wrapper.module());
            layers.put(wrapper.modulePath(), wrapper);
            return this;
        }

        /** Makes a base parameter trainable on an fp32 heap copy, keeping the original value for unload. */
        public Builder trainCopy(Parameter p) {
            if (!originals.containsKey(p)) {
                originals.put(p, p.value());
                p.setValue(p.value().copy());
            }
            p.setRequiresGrad(true);
            return this;
        }

        /**
         * modules_to_save: trains every parameter of each module whose path is a name or ends with "." + name. Explicit
         * names must match; a task's implicit head names ("classifier", "score") are skipped when absent.
         */
        public Builder saveModules(List<String> names, boolean mustExist) {
            Map<String, Module> modules = model.namedModules();
            for (String n : names) {
                List<String> hits = new ArrayList<>();
                for (String path : modules.keySet())
                    if (!path.isEmpty() && (path.equals(n) || path.endsWith("." + n)) && !TargetResolver.insideWrapper(path, modules)) hits.add(path);
                if (hits.isEmpty() && mustExist)
                    throw new PeftConfigException("modules_to_save: '" + n + "' matches no module of " + model.architecture()
                            + "; closest module names: " + ClosestNames.suggest(n, modules.keySet(), 8));
                for (String path : hits) {
                    if (savedModules.contains(path)) continue;
                    if (modules.get(path) instanceof PeftLayer)
                        throw new PeftConfigException("modules_to_save: '" + path + "' is also an adapted layer; a module is either adapted or saved whole");
                    savedModules.add(path);
                    for (Parameter p : modules.get(path).parameters()) trainCopy(p);
                }
            }
            return this;
        }

        /** modules_to_save of the config plus the task's implicit head. */
        public Builder saveModules(PeftConfig cfg) {
            saveModules(cfg.modulesToSave(), true);
            if (taskType != null) saveModules(taskType.implicitModulesToSave(), false);
            return this;
        }

        public PeftModel build(PeftConfig effectiveConfig) { return new PeftModel(this, effectiveConfig); }
    }
}
