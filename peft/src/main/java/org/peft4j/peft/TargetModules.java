package org.peft4j.peft;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which modules a method adapts, with Hugging Face PEFT's matching rules ({@code check_target_module_exists}):
 * <ul>
 *   <li>a list of names matches a module whose dotted path equals a name or ends with "." + name
 *       ({@code "query"} matches {@code bert.encoder.layer.0.attention.self.query});</li>
 *   <li>a regex must match the whole path ({@code re.fullmatch});</li>
 *   <li>layers_to_transform (list form only, as in PEFT) keeps modules whose layer index is listed: the number after
 *       the last {@code .<pattern>.} segment ({@code layers_pattern}) or, with no pattern, after the last
 *       {@code .<anything>.<number>.}. Negative indices count from the end (-1 = last layer), resolved by
 *       {@link #resolveLayers} against the model when the method is applied.</li>
 * </ul>
 *
 * @param names             module names (suffixes), or null when {@code regex} is used
 * @param regex             a full-match regular expression, or null
 * @param layersToTransform layer indices, or null for every layer
 * @param layersPattern     names of the layer list ({@code layer}, {@code layers}, {@code h}), or null
 */
public record TargetModules(List<String> names, String regex, List<Integer> layersToTransform, List<String> layersPattern) {
    private static final Pattern ANY_LAYER = Pattern.compile(".*\\.[^.]*\\.(\\d+)\\.");

    public TargetModules {
        if ((names == null) == (regex == null))
            throw new PeftConfigException("target_modules: give either a list of module names or one regex, found "
                    + (names == null ? "neither" : "both"));
        if (names != null) {
            if (names.isEmpty()) throw new PeftConfigException("target_modules: the list of module names is empty");
            for (String n : names)
                if (n == null || n.isBlank()) throw new PeftConfigException("target_modules: empty module name in " + names);
            names = List.copyOf(names);
        } else {
            try {
                Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new PeftConfigException("target_modules: invalid regex '" + regex + "': " + e.getDescription());
            }
            if (layersToTransform != null)
                throw new PeftConfigException("layers_to_transform cannot be used when target_modules is a regex (as in PEFT); "
                        + "put the layer numbers in the regex instead");
        }
        if (layersToTransform != null) {
            if (layersToTransform.isEmpty()) throw new PeftConfigException("layers_to_transform is an empty list (use null for every layer)");
            layersToTransform = List.copyOf(layersToTransform);
        }
        if (layersPattern != null) layersPattern = List.copyOf(layersPattern);
    }

    public static TargetModules names(String... names) { return new TargetModules(List.of(names), null, null, null); }

    public static TargetModules names(List<String> names) { return new TargetModules(names, null, null, null); }

    public static TargetModules regex(String regex) { return new TargetModules(null, regex, null, null); }

    /** Restricts to these layer indices (negative = from the end). */
    public TargetModules layers(List<Integer> layers) { return new TargetModules(names, regex, layers, layersPattern); }

    public TargetModules layersPattern(List<String> pattern) { return new TargetModules(names, regex, layersToTransform, pattern); }

    public boolean isRegex() { return regex != null; }

    /** Whether the module at this dotted path is a target. */
    public boolean matches(String path) {
        if (regex != null) return Pattern.compile(regex).matcher(path).matches();
        boolean found = false;
        for (String n : names) {
            if (path.equals(n) || path.endsWith("." + n)) { found = true; break; }
        }
        if (!found || layersToTransform == null || names.contains(path)) return found;
        Integer layer = layerIndex(path, layersPattern);
        return layer != null && layersToTransform.contains(layer);
    }

    /** Whether the name part alone (ignoring layers_to_transform) selects this path. */
    public boolean nameMatches(String path) {
        if (regex != null) return Pattern.compile(regex).matcher(path).matches();
        for (String n : names) if (path.equals(n) || path.endsWith("." + n)) return true;
        return false;
    }

    /** The layer index PEFT reads from a module path, or null when the path has none. */
    public static Integer layerIndex(String path, List<String> layersPattern) {
        if (layersPattern == null || layersPattern.isEmpty()) {
            Matcher m = ANY_LAYER.matcher(path);
            return m.lookingAt() ? Integer.valueOf(m.group(1)) : null;
        }
        for (String p : layersPattern) {
            Matcher m = Pattern.compile(".*\\." + Pattern.quote(p) + "\\.(\\d+)\\.").matcher(path);
            if (m.lookingAt()) return Integer.valueOf(m.group(1));
        }
        return null;
    }

    /** This selector with negative layer indices replaced by numLayers + index; checks every index is a layer. */
    public TargetModules resolveLayers(int numLayers) {
        if (layersToTransform == null) return this;
        return new TargetModules(names, regex, resolveLayerIndices(layersToTransform, numLayers), layersPattern);
    }

    /** Layer indices with negative ones counted from the end (-1 = last), checked against the model, duplicates dropped. */
    public static List<Integer> resolveLayerIndices(List<Integer> layers, int numLayers) {
        List<Integer> out = new ArrayList<>();
        for (int i : layers) {
            int r = i < 0 ? numLayers + i : i;
            if (r < 0 || r >= numLayers)
                throw new PeftConfigException("layers_to_transform: layer " + i + " does not exist, the model has " + numLayers
                        + " layers (0.." + (numLayers - 1) + ", or -1..-" + numLayers + " from the end)");
            if (!out.contains(r)) out.add(r);
        }
        return out;
    }

    /** The indices of the last n of numLayers layers (e.g. the last 3 layers). */
    public static List<Integer> lastLayers(int n, int numLayers) {
        if (n < 1 || n > numLayers) throw new PeftConfigException("last " + n + " layers: the model has " + numLayers + " layers");
        List<Integer> out = new ArrayList<>();
        for (int i = numLayers - n; i < numLayers; i++) out.add(i);
        return out;
    }

    /** How target_modules is written in adapter_config.json: a list of names or the regex string. */
    public Object jsonValue() { return regex != null ? regex : names; }

    @Override
    public String toString() {
        return (regex != null ? "regex '" + regex + "'" : names.toString()) + (layersToTransform == null ? "" : " in layers " + layersToTransform);
    }
}
