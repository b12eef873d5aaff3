package org.peft4j.transformer.nn;

import org.peft4j.tensor.trace.Trace;

/**
 * A parent's handle on one of its children. The parent calls {@code query.get().forward(x)} on every forward, so
 * after {@link Module#replace} the replacement is what runs: models never keep a Linear-typed field that a PEFT
 * wrapper could not displace.
 */
public final class Child<T> {
    private final Module owner;
    private final String name;
    private final Class<T> type;

    Child(Module owner, String name, Class<T> type) {
        this.owner = owner;
        this.name = name;
        this.type = type;
    }

    /** The module currently registered under this name. While tracing, ops until it returns run under its path. */
    public T get() {
        Module child = owner.childRaw(name);
        if (Trace.enabled()) ModuleTracing.entering(Module.join(owner.path(), name), child);
        return type.cast(child);
    }

    /** Local name under the parent. */
    public String name() { return name; }

    /** The type any replacement must have. */
    public Class<T> type() { return type; }
}
