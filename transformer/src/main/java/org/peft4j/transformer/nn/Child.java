package org.peft4j.transformer.nn;

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

    /** The module currently registered under this name. */
    public T get() { return type.cast(owner.childRaw(name)); }

    /** Local name under the parent. */
    public String name() { return name; }

    /** The type any replacement must have. */
    public Class<T> type() { return type; }
}
