#!/usr/bin/env python3
"""Removes the op-tracer and JFR hook lines from a copy of the source tree (the "nohooks" baseline of run.sh).

Usage: strip_hooks.py TREE. Every rewrite keeps the code equivalent to the hook-free original: hook statements are
deleted, try-with-resources around a body becomes a plain block, the captured trace path becomes null. It fails if
a hook is left anywhere it looked, so a new hook elsewhere cannot silently stay in the baseline.
"""
import pathlib, re, sys

root = pathlib.Path(sys.argv[1])
files = [*root.glob("tensor/src/main/java/org/peft4j/tensor/ops/*.java"),
         *root.glob("kernels/src/main/java/org/peft4j/kernels/cpu/*.java"),
         root / "transformer/src/main/java/org/peft4j/transformer/nn/Child.java",
         root / "transformer/src/main/java/org/peft4j/transformer/nn/SmallBatchLinear.java",
         root / "autograd/src/main/java/org/peft4j/autograd/Tape.java",
         root / "autograd/src/main/java/org/peft4j/autograd/optim/Optimizer.java"]

DROP = [re.compile(p) for p in (
    r"^\s*long t0 = Trace\.begin\(\);$",
    r"^\s*if \(t0 != Trace\.OFF\) .*;$",
    r"^\s*KernelEvent event = KernelEvent\.start\(\);$",
    r"^\s*KernelEvent\.(gemm|rows)\(event, .*\);$",
    r"^\s*finish\(event, .*\);$",
    r"^\s*if \(Trace\.enabled\(\)\) ModuleTracing\.entering\(.*\);$",
)]
REPLACE = [
    (re.compile(r"String tracePath = Trace\.enabled\(\) \? Trace\.currentModulePath\(\) : null;"), "String tracePath = null;"),
    (re.compile(r"try \(var g = GradMode\.noGrad\(\); var phase = Trace\.phase\(\"backward\"\)\) \{"), "try (var g = GradMode.noGrad()) {"),
    (re.compile(r"try \(var scope = Trace\.module\(node\.tracePath, node\.op\)\) \{"), "{"),
    (re.compile(r"try \(var phase = Trace\.phase\(\"optimizer\"\)\) \{"), "{"),
]

for f in files:
    lines = f.read_text().split("\n")
    out, skip_next = [], False
    for line in lines:
        if skip_next:
            skip_next = False
            continue
        if re.match(r"^\s*if \(t0 != Trace\.OFF\)$", line):  # the statement continues on the next line
            skip_next = True
            continue
        if any(p.match(line) for p in DROP):
            continue
        for pattern, repl in REPLACE:
            line = pattern.sub(repl, line)
        out.append(line)
    text = "\n".join(out)
    for left in re.findall(r"^(?!import).*\b(?:Trace|KernelEvent)\.\w+\(.*$", text, re.M):
        if "traceUpdate" not in left and "private void traceUpdate" not in left and "Trace.recordAt" not in left:
            sys.exit(f"strip_hooks.py: a hook is left in {f}: {left.strip()}")
    f.write_text(text)
