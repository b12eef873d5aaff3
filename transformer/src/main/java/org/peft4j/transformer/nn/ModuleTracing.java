package org.peft4j.transformer.nn;

import java.util.HashSet;
import java.util.Set;
import org.peft4j.tensor.trace.Trace;

/**
 * Tells a running {@link Trace} which module ops belong to. A parent calls its children as
 * {@code child.get().forward(x)}, so {@link Child#get()} reports the child's tree path (its path under the parent,
 * {@code ...query.base_layer} for a layer a PEFT wrapper adopted) together with the classes whose frames mean the
 * child is still running: the child's class and its superclasses up to {@link Module}.
 */
final class ModuleTracing {
    private ModuleTracing() {}

    private static final ClassValue<Set<Class<?>>> FRAMES = new ClassValue<>() {
        @Override
        protected Set<Class<?>> computeValue(Class<?> type) {
            Set<Class<?>> s = new HashSet<>();
            for (Class<?> c = type; c != null && c != Module.class && c != Object.class; c = c.getSuperclass()) s.add(c);
            return Set.copyOf(s);
        }
    };

    static void entering(String path, Module child) {
        if (child != null) Trace.enterModuleLazily(path, FRAMES.get(child.getClass()));
    }
}
