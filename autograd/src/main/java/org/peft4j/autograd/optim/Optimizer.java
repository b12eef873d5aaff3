package org.peft4j.autograd.optim;

import org.peft4j.autograd.Parameter;
import org.peft4j.tensor.DType;
import org.peft4j.tensor.FloatStorage;
import org.peft4j.tensor.Shapes;
import org.peft4j.tensor.Tensor;
import org.peft4j.tensor.trace.Trace;
import org.peft4j.tensor.trace.TensorInfo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Common frame of the optimizers: parameter groups, per-parameter state keyed by parameter name, state save/load
 * and the element loop. Subclasses implement {@link #update} over plain float arrays, one parameter at a time.
 * <p>
 * A parameter whose grad is null (no gradient since the last zeroGrad) is skipped, as PyTorch does. A parameter
 * with a gradient mask ({@link Parameter#setGradMask}) is updated only where the mask is 1; its other entries,
 * and their optimizer state, stay bit-identical.
 * <p>
 * State is saved as {@code <parameter name>.<state name>} tensors (F32 buffers, an I64 scalar {@code step}), so
 * {@link #stateDict()} can be written as safetensors next to an adapter.
 */
public abstract class Optimizer {
    private final List<ParamGroup> groups;
    private final Map<String, Parameter> byName = new LinkedHashMap<>();
    /** Per parameter name: state buffers by state name. */
    private final Map<String, Map<String, float[]>> buffers = new HashMap<>();
    private final Map<String, Long> steps = new HashMap<>();

    protected Optimizer(List<ParamGroup> groups) {
        if (groups == null || groups.isEmpty()) throw new IllegalArgumentException("optimizer needs at least one parameter group");
        this.groups = List.copyOf(groups);
        for (ParamGroup g : this.groups) {
            for (Parameter p : g.params()) {
                if (byName.put(p.name(), p) != null)
                    throw new IllegalArgumentException("parameter '" + p.name() + "' appears twice in the optimizer's groups");
                Tensor v = p.value();
                if (!(v.storage() instanceof FloatStorage) || v.dtype() != DType.F32 || !v.isContiguous())
                    throw new IllegalArgumentException("parameter '" + p.name() + "' is " + v.dtype() + " in " + v.storage().getClass().getSimpleName()
                            + (v.isContiguous() ? "" : " (strided)") + "; trainable parameters must be contiguous heap F32");
                if (!p.requiresGrad())
                    throw new IllegalArgumentException("parameter '" + p.name() + "' does not require grad; pass only trainable parameters to the optimizer");
            }
        }
    }

    public List<ParamGroup> groups() { return groups; }

    /** Forgets the gradients of every parameter (set to none). */
    public void zeroGrad() {
        for (ParamGroup g : groups) for (Parameter p : g.params()) p.zeroGrad();
    }

    /** One update of every parameter that has a gradient. */
    public void step() {
        try (var phase = Trace.phase("optimizer")) {
            updateAll();
        }
    }

    private void updateAll() {
        for (ParamGroup g : groups) {
            for (Parameter p : g.params()) {
                Tensor grad = p.grad();
                if (grad == null) continue;
                Map<String, float[]> state = buffers.computeIfAbsent(p.name(), k -> new HashMap<>());
                long step = steps.merge(p.name(), 1L, Long::sum);
                Tensor v = p.value(), g32 = grad.toF32();
                long t0 = Trace.begin();
                update(v.floatArray(), v.offset(), g32.floatArray(), g32.offset(), v.numel(),
                        p.trainableEntries(), state, step, g);
                if (t0 != Trace.OFF) traceUpdate(t0, p, v, state);
            }
        }
    }

    /**
     * Updates one parameter in place.
     *
     * @param p      parameter values, elements p[pOff .. pOff+n)
     * @param g      gradient, elements g[gOff .. gOff+n)
     * @param keep   per-element trainable flags, or null for all; entries with keep[i] false must not be touched
     * @param state  this parameter's buffers by state name (empty on the first step; put new ones in it)
     * @param step   1 on this parameter's first update, then 2, 3, ...
     * @param group  the parameter's group (lr, weight decay)
     */
    protected abstract void update(float[] p, int pOff, float[] g, int gOff, int n, boolean[] keep,
                                   Map<String, float[]> state, long step, ParamGroup group);

    /** Names of the state buffers this optimizer keeps per parameter (for load validation). */
    protected abstract Set<String> stateNames();

    /** Steps taken for a parameter (0 before its first update). */
    public long stepCount(String parameterName) { return steps.getOrDefault(parameterName, 0L); }

    /** Copies of all state: {@code name.buffer} F32 tensors shaped like the parameter, {@code name.step} I64 scalars. */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Parameter p : byName.values()) {
            Long step = steps.get(p.name());
            if (step == null) continue;
            out.put(p.name() + ".step", Tensor.ofLongs(new long[]{step}));
            Map<String, float[]> st = buffers.get(p.name());
            for (String k : st.keySet().stream().sorted().toList())
                out.put(p.name() + "." + k, Tensor.of(st.get(k).clone(), p.shape()));
        }
        return out;
    }

    /** Replaces all state with a map written by {@link #stateDict()}; every key must name a parameter and buffer this optimizer knows. */
    public void loadStateDict(Map<String, Tensor> state) {
        Map<String, Map<String, float[]>> newBuffers = new HashMap<>();
        Map<String, Long> newSteps = new HashMap<>();
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            String key = e.getKey();
            int dot = key.lastIndexOf('.');
            String pname = dot < 0 ? "" : key.substring(0, dot), sname = key.substring(dot + 1);
            Parameter p = byName.get(pname);
            if (p == null) throw new IllegalArgumentException("optimizer state key '" + key + "' names no parameter of this optimizer");
            Tensor t = e.getValue();
            if (sname.equals("step")) {
                if (t.numel() != 1 || t.dtype().isFloating())
                    throw new IllegalArgumentException("optimizer state '" + key + "' must be an integer scalar, found " + t.dtype() + " " + Shapes.str(t.shape()));
                long s = t.toLongArray()[0];
                if (s < 0) throw new IllegalArgumentException("optimizer state '" + key + "' is negative: " + s);
                newSteps.put(pname, s);
            } else if (stateNames().contains(sname)) {
                if (!Arrays.equals(t.shape(), p.shape()))
                    throw new IllegalArgumentException("optimizer state '" + key + "' has shape " + Shapes.str(t.shape()) + ", parameter has " + Shapes.str(p.shape()));
                newBuffers.computeIfAbsent(pname, k -> new HashMap<>()).put(sname, t.toFloatArray());
            } else {
                throw new IllegalArgumentException("optimizer state key '" + key + "': unknown state '" + sname + "', expected step or one of " + stateNames());
            }
        }
        Set<String> withBuffers = new HashSet<>(newBuffers.keySet());
        for (String name : withBuffers)
            if (!newSteps.containsKey(name)) throw new IllegalArgumentException("optimizer state for '" + name + "' has buffers but no step count");
        for (String name : new ArrayList<>(newSteps.keySet())) newBuffers.putIfAbsent(name, new HashMap<>());
        buffers.clear();
        buffers.putAll(newBuffers);
        steps.clear();
        steps.putAll(newSteps);
    }

    protected static float[] buffer(Map<String, float[]> state, String name, int n) {
        return state.computeIfAbsent(name, k -> new float[n]);
    }

    /** FLOPs of one element's update, for the op tracer (see org.peft4j.tensor.trace for the counting rule). */
    protected int flopsPerElement() { return 0; }

    /** Reports one parameter's update to the op tracer: reads parameter, gradient and state; writes parameter and state. */
    private void traceUpdate(long t0, Parameter p, Tensor v, Map<String, float[]> state) {
        TensorInfo param = TensorInfo.of(v), grad = TensorInfo.of(p.grad());
        List<TensorInfo> in = new ArrayList<>(List.of(param, grad)), out = new ArrayList<>(List.of(param));
        for (int i = 0; i < state.size(); i++) {
            in.add(param);
            out.add(param);
        }
        String name = p.name();
        int dot = name.lastIndexOf('.');
        Trace.recordAt(t0, getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + "_update", dot < 0 ? "" : name.substring(0, dot),
                (long) v.numel() * flopsPerElement(), in, out);
    }
}
