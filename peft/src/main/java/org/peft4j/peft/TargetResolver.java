package org.peft4j.peft;

import org.peft4j.transformer.nn.LinearLayer;
import org.peft4j.transformer.nn.Module;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Finds the dense layers a {@link TargetModules} selects in a model, with errors that name what exists. */
public final class TargetResolver {
    private TargetResolver() {}

    /**
     * The selected layers by dotted path, in model order. Throws {@link PeftConfigException} when a listed name (or the
     * regex) matches no module (naming the closest module names of the model), when it selects a module that is not
     * a dense layer, when a layer is already adapted, or when layers_to_transform leaves nothing.
     */
    public static Map<String, LinearLayer> resolve(Module model, TargetModules targets, String method) {
        Map<String, Module> modules = model.namedModules();
        Map<String, LinearLayer> out = new LinkedHashMap<>();
        List<String> nonLinear = new ArrayList<>();
        for (var e : modules.entrySet()) {
            String path = e.getKey();
            if (path.isEmpty() || insideWrapper(path, modules)) continue;
            if (!targets.matches(path)) continue;
            Module m = e.getValue();
            if (m instanceof PeftLayer)
                throw new PeftConfigException(method + ": module '" + path + "' is already adapted (" + m.getClass().getSimpleName()
                        + "); apply one method per model");
            if (m instanceof LinearLayer l) out.put(path, l);
            else nonLinear.add(path + " (" + m.getClass().getSimpleName() + ")");
        }
        if (!nonLinear.isEmpty())
            throw new PeftConfigException(method + ": target_modules " + targets + " select modules that are not Linear/Conv1D layers: "
                    + String.join(", ", nonLinear.subList(0, Math.min(5, nonLinear.size()))) + (nonLinear.size() > 5 ? ", ..." : "")
                    + "; name the projections inside them instead");
        checkEveryNameMatches(modules, targets, method);
        if (out.isEmpty())
            throw new PeftConfigException(method + ": target_modules " + targets + " match modules, but none in layers_to_transform "
                    + targets.layersToTransform() + (targets.layersPattern() == null ? "" : " (layers_pattern " + targets.layersPattern() + ")"));
        return out;
    }

    private static void checkEveryNameMatches(Map<String, Module> modules, TargetModules targets, String method) {
        List<String> candidates = modules.keySet().stream().filter(p -> !insideWrapper(p, modules)).toList();
        List<String> wanted = targets.isRegex() ? List.of(targets.regex()) : targets.names();
        for (String w : wanted) {
            TargetModules one = targets.isRegex() ? targets : TargetModules.names(w);
            boolean found = candidates.stream().anyMatch(p -> !p.isEmpty() && one.nameMatches(p));
            if (!found)
                throw new PeftConfigException(method + ": target module " + (targets.isRegex() ? "regex '" + w + "'" : "'" + w + "'")
                        + " matches no module of the model; closest module names: "
                        + ClosestNames.suggest(w.replaceAll("[^A-Za-z0-9_.]", ""), candidates, 8));
        }
    }

    /** Paths under an adapter wrapper (its base_layer and its own parts) are not candidates. */
    public static boolean insideWrapper(String path, Map<String, Module> modules) {
        for (int dot = path.lastIndexOf('.'); dot > 0; dot = path.lastIndexOf('.', dot - 1))
            if (modules.get(path.substring(0, dot)) instanceof PeftLayer) return true;
        return false;
    }
}
