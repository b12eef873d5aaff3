package org.peft4j.tensor.trace;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Per-thread scope stacks of a trace: the phase names ("backward", "optimizer") and the module paths ops run under.
 * <p>
 * Module entries come in two kinds. <b>Explicit</b> ones are opened and closed by a {@link Trace.Scope} (autograd's
 * backward pass opens one per tape node). <b>Lazy</b> ones are pushed by the model tree when a parent fetches a
 * child to call it ({@code query.get().forward(x)}), without a matching exit. A lazy entry is <i>pending</i> until
 * a frame of the child's class is seen on the thread's stack (arguments may be computed between the fetch and the
 * call: {@code norm.get().forward(F.add(dense.get().forward(x), residual))}), <i>running</i> while such a frame is
 * there, and closed once it has gone; a pending entry is dropped when the module that fetched it has closed.
 * That lets the models report their paths with one hook in the child handle instead of a try/finally in every
 * forward. The cost (stack walks) is paid only while a trace is running, outside the timed region of each op.
 * <p>
 * Known limit of the lazy rule: a module whose forward calls a child of its own class and then runs ops itself
 * would see those ops attributed to the child (the transformer models have no such nesting).
 */
final class ModuleScopes {
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    /** Bounds the stack of a thread that fetches children without ever running an op. */
    private static final int MAX_ENTRIES = 4096;

    /** A module scope: frames == null for explicit entries. */
    static final class Entry {
        final String path, gradOf;
        final Set<Class<?>> frames;
        /** For a lazy entry, the scope that was running when it was fetched. */
        final Entry owner;
        boolean running, closed;

        Entry(String path, String gradOf, Set<Class<?>> frames, Entry owner) {
            this.path = path;
            this.gradOf = gradOf;
            this.frames = frames;
            this.owner = owner;
        }

        String path() { return path; }

        String gradOf() { return gradOf; }
    }

    private final long session;
    private final ArrayDeque<String> phases = new ArrayDeque<>();
    private final List<Entry> modules = new ArrayList<>();

    private ModuleScopes(long session) { this.session = session; }

    private static final ThreadLocal<ModuleScopes> CURRENT = new ThreadLocal<>();

    /** This thread's scopes for the given trace session (fresh when the thread last traced another session). */
    static ModuleScopes of(long session) {
        ModuleScopes s = CURRENT.get();
        if (s == null || s.session != session) {
            s = new ModuleScopes(session);
            CURRENT.set(s);
        }
        return s;
    }

    String phase() { return phases.isEmpty() ? "forward" : phases.peekLast(); }

    void pushPhase(String name) { phases.addLast(name); }

    void popPhase(String name) { phases.removeLastOccurrence(name); }

    Entry pushExplicit(String path, String gradOf) {
        Entry e = new Entry(path, gradOf, null, null);
        e.running = true;
        modules.add(e);
        return e;
    }

    /** Closes an explicit entry and whatever lazy entries were pushed above it. */
    void popExplicit(Entry e) {
        for (int i = modules.size() - 1; i >= 0; i--) {
            if (modules.get(i) == e) {
                List<Entry> above = modules.subList(i, modules.size());
                above.forEach(x -> x.closed = true);
                above.clear();
                return;
            }
        }
    }

    void pushLazy(String path, Set<Class<?>> frames) {
        // A child fetched again before it ran (or fetched and never run, as a container like `encoder`) is one entry.
        modules.removeIf(e -> e.frames != null && !e.running && e.path.equals(path) && (e.closed = true));
        if (modules.size() >= MAX_ENTRIES) modules.removeFirst().closed = true;
        modules.add(new Entry(path, null, frames, current()));
    }

    /** The innermost running module scope, closing lazy entries whose module has returned; null when none runs. */
    Entry current() {
        for (int i = modules.size() - 1; i >= 0; i--) {
            Entry e = modules.get(i);
            if (e.frames == null) return e;
            if (onStack(e.frames)) {
                e.running = true;
                return e;
            }
            if (e.running || (e.owner != null && e.owner.closed)) {
                e.closed = true;
                modules.remove(i);
            }
        }
        return null;
    }

    private static boolean onStack(Set<Class<?>> frames) {
        return WALKER.walk(s -> s.anyMatch(f -> frames.contains(f.getDeclaringClass())));
    }
}
