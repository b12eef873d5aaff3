package org.peft4j.transformer.nn;

import org.peft4j.autograd.Parameter;
import org.peft4j.tensor.DType;
import org.peft4j.tensor.FloatStorage;
import org.peft4j.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A node of a model tree with Hugging Face names: parameters and child modules registered under local names, so
 * the dotted path of a parameter is its key in the model's safetensors file
 * ({@code encoder.layer.0.attention.self.query.weight}). See the package documentation for the full contract.
 * <p>
 * Every module knows its own full {@link #path()} from the model root; its parameters are created as
 * {@link Parameter}s named {@code path + "." + localName}, so a Parameter's {@link Parameter#name()} is unique in
 * its model (the optimizers key their state by it).
 */
public abstract class Module {
    private final String path;
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private final Map<String, Class<?>> childTypes = new LinkedHashMap<>();
    private boolean training;

    /** @param path the full dotted path of this module from the model root ("" for the root itself) */
    protected Module(String path) {
        if (path == null) throw new NullPointerException("module path");
        if (path.startsWith(".") || path.endsWith(".") || path.contains(".."))
            throw new IllegalArgumentException("module path '" + path + "' has an empty segment");
        this.path = path;
    }

    /** "a.b" + "c" = "a.b.c"; "" + "c" = "c". */
    public static String join(String prefix, String local) {
        return prefix.isEmpty() ? local : local.isEmpty() ? prefix : prefix + "." + local;
    }

    /** The full dotted path from the model root ("" for the root). */
    public final String path() { return path; }

    /** The last segment of the path (the name under which the parent holds this module). */
    public final String localName() {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    // ================================================================ registration (for subclasses)

    /** Registers a new parameter named {@code path.local}; frozen unless requiresGrad. */
    protected final Parameter addParameter(String local, Tensor value, boolean requiresGrad) {
        return addParameter(local, new Parameter(join(path, local), value, requiresGrad));
    }

    /** Registers an existing parameter (e.g. a tied weight owned by another module) under a local name. */
    protected final Parameter addParameter(String local, Parameter p) {
        checkLocal(local);
        if (parameters.containsKey(local) || children.containsKey(local))
            throw new IllegalArgumentException("module '" + path + "' already has a member named '" + local + "'");
        parameters.put(local, p);
        return p;
    }

    /**
     * Registers a child that callers reach through the returned handle. {@code type} is what the parent calls the
     * child through (usually {@link Layer}); a later {@link #replace} must supply a module of that type.
     */
    protected final <T> Child<T> addChild(String local, Class<T> type, Module child) {
        checkLocal(local);
        if (parameters.containsKey(local) || children.containsKey(local))
            throw new IllegalArgumentException("module '" + path + "' already has a member named '" + local + "'");
        checkChild(local, type, child);
        children.put(local, child);
        childTypes.put(local, type);
        return new Child<>(this, local, type);
    }

    /**
     * Registers an existing module built elsewhere (typically the layer a PEFT wrapper replaces, kept as its
     * "base_layer") without the path check: its parameters keep their original names (the base model's
     * {@code ...query.weight}), while {@link #namedParameters()} lists them under their new tree path
     * ({@code ...query.base_layer.weight}), as PyTorch PEFT does.
     */
    protected final <T> Child<T> adoptChild(String local, Class<T> type, Module child) {
        checkLocal(local);
        if (parameters.containsKey(local) || children.containsKey(local))
            throw new IllegalArgumentException("module '" + path + "' already has a member named '" + local + "'");
        if (child == null) throw new NullPointerException("child '" + local + "' of module '" + path + "'");
        if (!type.isInstance(child))
            throw new IllegalArgumentException("child '" + join(path, local) + "' must be a " + type.getSimpleName() + ", found " + child.getClass().getSimpleName());
        children.put(local, child);
        childTypes.put(local, type);
        return new Child<>(this, local, type);
    }

    /** Registers a child reached as its own class (not meant to be swapped for another type). */
    @SuppressWarnings("unchecked")
    protected final <M extends Module> Child<M> addChild(String local, M child) {
        return addChild(local, (Class<M>) child.getClass(), child);
    }

    private void checkChild(String local, Class<?> type, Module child) {
        if (child == null) throw new NullPointerException("child '" + local + "' of module '" + path + "'");
        if (!type.isInstance(child))
            throw new IllegalArgumentException("child '" + join(path, local) + "' must be a " + type.getSimpleName()
                    + ", found " + child.getClass().getSimpleName());
        if (!child.path.equals(join(path, local)))
            throw new IllegalArgumentException("child registered as '" + join(path, local) + "' has path '" + child.path
                    + "'; build children with their full path so parameter names stay Hugging Face names");
    }

    private static void checkLocal(String local) {
        if (local == null || local.isEmpty() || local.contains("."))
            throw new IllegalArgumentException("local member name must be non-empty and dot-free, got '" + local + "'");
    }

    Module childRaw(String local) { return children.get(local); }

    // ================================================================ lookup

    /** Direct children by local name, in registration order (read-only). */
    public final Map<String, Module> children() { return Collections.unmodifiableMap(children); }

    /** Direct parameters by local name, in registration order (read-only). */
    public final Map<String, Parameter> localParameters() { return Collections.unmodifiableMap(parameters); }

    /** The submodule at a dotted path relative to this module ("" = this); throws naming the missing segment. */
    public final Module module(String relativePath) {
        if (relativePath.isEmpty()) return this;
        Module m = this;
        for (String seg : relativePath.split("\\.", -1)) {
            Module next = m.children.get(seg);
            if (next == null)
                throw new NoSuchElementException("no module '" + relativePath + "' under '" + displayPath() + "': '" + m.displayPath()
                        + "' has no child '" + seg + "' (children: " + m.children.keySet() + ")");
            m = next;
        }
        return m;
    }

    /** Whether a submodule exists at this relative path. */
    public final boolean hasModule(String relativePath) {
        try { module(relativePath); return true; } catch (NoSuchElementException e) { return false; }
    }

    /** The parameter at a dotted path relative to this module (e.g. "encoder.layer.0.output.dense.bias"). */
    public final Parameter parameter(String relativePath) {
        int dot = relativePath.lastIndexOf('.');
        Module owner = dot < 0 ? this : module(relativePath.substring(0, dot));
        String local = dot < 0 ? relativePath : relativePath.substring(dot + 1);
        Parameter p = owner.parameters.get(local);
        if (p == null)
            throw new NoSuchElementException("no parameter '" + relativePath + "' under '" + displayPath() + "': module '"
                    + owner.displayPath() + "' has parameters " + owner.parameters.keySet());
        return p;
    }

    /**
     * Every parameter of this subtree by dotted path relative to this module, depth-first in registration order
     * (own parameters first). A parameter reachable twice (tied weights) is listed once, under its first path,
     * as PyTorch's named_parameters() does.
     */
    public final Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        collectParameters("", out, Collections.newSetFromMap(new IdentityHashMap<>()));
        return out;
    }

    private void collectParameters(String prefix, Map<String, Parameter> out, Set<Parameter> seen) {
        for (var e : parameters.entrySet())
            if (seen.add(e.getValue())) out.put(join(prefix, e.getKey()), e.getValue());
        for (var e : children.entrySet()) e.getValue().collectParameters(join(prefix, e.getKey()), out, seen);
    }

    /** The parameters of {@link #namedParameters()} in the same order. */
    public final List<Parameter> parameters() { return new ArrayList<>(namedParameters().values()); }

    /** Parameters that currently require grad (what an optimizer should update). */
    public final List<Parameter> trainableParameters() {
        List<Parameter> out = new ArrayList<>();
        for (Parameter p : namedParameters().values()) if (p.requiresGrad()) out.add(p);
        return out;
    }

    /** Every module of this subtree by relative dotted path, this module first under "", depth-first. */
    public final Map<String, Module> namedModules() {
        Map<String, Module> out = new LinkedHashMap<>();
        collectModules("", out);
        return out;
    }

    private void collectModules(String prefix, Map<String, Module> out) {
        out.put(prefix, this);
        for (var e : children.entrySet()) e.getValue().collectModules(join(prefix, e.getKey()), out);
    }

    /** Number of parameter elements in this subtree (tied weights counted once). */
    public final long numParameters() {
        long n = 0;
        for (Parameter p : namedParameters().values()) n += p.numel();
        return n;
    }

    /** Number of trainable parameter elements in this subtree. */
    public final long numTrainableParameters() {
        long n = 0;
        for (Parameter p : trainableParameters()) n += p.numel();
        return n;
    }

    // ================================================================ replacement

    /**
     * Replaces the module at a relative dotted path with another of the type its parent declared for that slot
     * (e.g. a LoRA wrapper implementing {@link Layer} in place of a {@link Linear}); the parent's next forward
     * calls the replacement. The replacement must carry the same {@link #path()}. Returns the old module.
     */
    public final Module replace(String relativePath, Module replacement) {
        if (relativePath.isEmpty()) throw new IllegalArgumentException("replace: cannot replace a module by the empty path (that is the module itself)");
        int dot = relativePath.lastIndexOf('.');
        Module parent = dot < 0 ? this : module(relativePath.substring(0, dot));
        String local = dot < 0 ? relativePath : relativePath.substring(dot + 1);
        Module old = parent.children.get(local);
        if (old == null)
            throw new NoSuchElementException("replace: no module '" + relativePath + "' under '" + displayPath() + "' ('"
                    + parent.displayPath() + "' has children " + parent.children.keySet() + ")");
        parent.checkChild(local, parent.childTypes.get(local), replacement);
        replacement.train(parent.training);
        parent.children.put(local, replacement);
        return old;
    }

    /** Replaces the module at a path with {@code wrap.apply(old)} (convenient for wrappers that keep the old layer). */
    public final Module replace(String relativePath, UnaryOperator<Module> wrap) {
        return replace(relativePath, wrap.apply(module(relativePath)));
    }

    /** The type a replacement of the child at this relative path must have. */
    public final Class<?> slotType(String relativePath) {
        int dot = relativePath.lastIndexOf('.');
        Module parent = dot < 0 ? this : module(relativePath.substring(0, dot));
        String local = dot < 0 ? relativePath : relativePath.substring(dot + 1);
        Class<?> t = parent.childTypes.get(local);
        if (t == null) throw new NoSuchElementException("no module '" + relativePath + "' under '" + displayPath() + "'");
        return t;
    }

    // ================================================================ modes and freezing

    /** Training mode (dropout active) for this subtree; returns this. */
    public Module train(boolean on) {
        training = on;
        for (Module c : children.values()) c.train(on);
        return this;
    }

    public final Module train() { return train(true); }

    /** Evaluation mode (dropout off) for this subtree; returns this. */
    public final Module eval() { return train(false); }

    public final boolean isTraining() { return training; }

    /** Stops gradients for every parameter of this subtree (values untouched: mapped weights stay mapped). */
    public final Module freeze() {
        for (Parameter p : parameters()) p.setRequiresGrad(false);
        return this;
    }

    /**
     * Makes every parameter of this subtree trainable. A parameter still backed by a mapped file or a half
     * precision is first replaced by an fp32 heap copy, because trainable parameters are always fp32 on the heap.
     */
    public final Module unfreeze() {
        for (Parameter p : parameters()) makeTrainable(p);
        return this;
    }

    /** Makes one parameter trainable, copying it to an fp32 heap tensor if needed. */
    public static void makeTrainable(Parameter p) {
        Tensor v = p.value();
        if (!(v.storage() instanceof FloatStorage) || v.dtype() != DType.F32 || !v.isContiguous() || v.offset() != 0
                || v.floatArray().length != v.numel())
            p.setValue(v.copy());
        p.setRequiresGrad(true);
    }

    private String displayPath() { return path.isEmpty() ? "<root>" : path; }

    /** Multi-line tree: one module a line with its class, own parameters' shapes and dtypes. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        describe(sb, "", 0);
        return sb.toString();
    }

    private void describe(StringBuilder sb, String name, int depth) {
        sb.append("  ".repeat(depth)).append(name.isEmpty() ? "(root)" : name).append(": ").append(getClass().getSimpleName());
        for (var e : parameters.entrySet()) {
            Parameter p = e.getValue();
            sb.append(' ').append(e.getKey()).append(java.util.Arrays.toString(p.shape())).append(p.value().dtype())
                    .append(p.requiresGrad() ? "*" : "");
        }
        sb.append('\n');
        for (var e : children.entrySet()) e.getValue().describe(sb, e.getKey(), depth + 1);
    }

    @Override
    public String toString() { return getClass().getSimpleName() + "(" + displayPath() + ")"; }
}
