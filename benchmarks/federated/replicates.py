#!/usr/bin/env python3
"""Markdown table of the same runs repeated with other seeds (experiments.sh with SUFFIX=-seed1, -seed2, ...):
per run, the final accuracy of each replicate, their mean, the mean over replicates of the last two rounds'
accuracy (less sensitive to one round's swing), the best round's accuracy, and the bytes up per round.

Usage: replicates.py RUNS_DIR SUFFIXES NAME...   SUFFIXES is a comma list, "" for the run without a suffix ("base"),
e.g.  replicates.py /tmp/exp/runs ",-seed1,-seed2" lora-dirichlet federa-dirichlet
Replicates that have not finished (no accuracy.png) are left out and counted in the "replicates" column.
"""
import json
import os
import sys


def rows(d):
    f = os.path.join(d, "summary.jsonl")
    if not os.path.exists(os.path.join(d, "accuracy.png")) or not os.path.exists(f):
        return None
    return [json.loads(l) for l in open(f) if l.strip()]


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    root, suffixes, names = sys.argv[1], sys.argv[2].split(","), sys.argv[3:]
    labels = [s.lstrip("-") or "base" for s in suffixes]
    print("| run | final accuracy (" + ", ".join(labels) + ") | mean final | mean of last 2 rounds | best round (max over replicates) "
          "| KiB up / round | replicates |")
    print("|---|---|---|---|---|---|---|")
    for name in names:
        runs = [(s, rows(os.path.join(root, name + s))) for s in suffixes]
        done = [(s, r) for s, r in runs if r]
        if not done:
            print(f"| {name} | none finished | | | | | 0 of {len(suffixes)} |")
            continue
        finals = {s: r[-1]["accuracy"] for s, r in done}
        last2 = [sum(x["accuracy"] for x in r[-2:]) / 2 for _, r in done]
        best = max(max(x["accuracy"] for x in r[1:]) for _, r in done)
        trained = [x for _, r in done for x in r if x["round"] > 0]
        up = sum(x["bytesUp"] for x in trained) / len(trained) / 1024
        per_seed = ", ".join(f"{finals[s]:.3f}" if s in finals else "—" for s in suffixes)
        print(f"| {name} | {per_seed} | {sum(finals.values()) / len(finals):.3f} | {sum(last2) / len(last2):.3f} | {best:.3f} "
              f"| {up:,.1f} | {len(done)} of {len(suffixes)} |")


if __name__ == "__main__":
    main()
