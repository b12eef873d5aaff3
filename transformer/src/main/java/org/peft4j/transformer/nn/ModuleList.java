package org.peft4j.transformer.nn;

import java.util.ArrayList;
import java.util.List;

/** An indexed list of children named "0", "1", … (HF's nn.ModuleList: {@code encoder.layer.3}). */
public final class ModuleList<T extends Module> extends Module {
    private final List<Child<T>> items = new ArrayList<>();
    private final Class<T> type;

    public ModuleList(String path, Class<T> type) {
        super(path);
        this.type = type;
    }

    /** Appends a child whose path must be {@code path() + "." + size()}. */
    public ModuleList<T> add(T module) {
        items.add(addChild(Integer.toString(items.size()), type, module));
        return this;
    }

    /** The path the next appended child must carry. */
    public String nextPath() { return join(path(), Integer.toString(items.size())); }

    public T get(int i) { return items.get(i).get(); }

    public int size() { return items.size(); }
}
