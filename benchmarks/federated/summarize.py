#!/usr/bin/env python3
"""Markdown table of `peft4j fed simulate` runs: accuracy per round, bytes per round, rounds and wall time to a
target accuracy (wall time depends on the machine's load; rounds do not).

Usage: summarize.py TARGET_ACCURACY RUN_DIR...   (each RUN_DIR holds the summary.jsonl a simulation wrote;
a run that has not finished is reported with the rounds it has, marked unfinished)
"""
import json
import math
import os
import sys


def main():
    target = float(sys.argv[1])
    print(f"| run | accuracy per round (round 0 = before training) | final | KiB up / round | KiB down / round | LoRA averaging gap (mean) | rounds to {target:.2f} | s to {target:.2f} | s total |")
    print("|---|---|---|---|---|---|---|---|---|")
    for d in sys.argv[2:]:
        f = os.path.join(d, "summary.jsonl")
        name = os.path.basename(os.path.normpath(d))
        if not os.path.exists(f):
            print(f"| {name} | not started | | | | | | | |")
            continue
        rows = [json.loads(l) for l in open(f) if l.strip()]
        done = os.path.exists(os.path.join(d, "accuracy.png"))
        acc = " ".join(f"{r['accuracy']:.3f}" for r in rows)
        trained = [r for r in rows if r["round"] > 0]
        up = sum(r["bytesUp"] for r in trained) / max(1, len(trained)) / 1024
        down = sum(r["bytesDown"] for r in trained) / max(1, len(trained)) / 1024
        hit_row = next((r for r in trained if r["accuracy"] >= target), None)
        hit = hit_row["elapsedSeconds"] if hit_row else None
        hit_round = hit_row["round"] if hit_row else "not reached"
        final = rows[-1]["accuracy"] if rows else float("nan")
        gaps = [g for g in (r["loraAveragingGap"] for r in trained) if isinstance(g, (int, float)) and not math.isnan(g)]
        gap = f"{sum(gaps) / len(gaps):.3g}" if gaps else "n/a"
        status = "" if done else " (unfinished)"
        print(f"| {name}{status} | {acc} | {final:.3f} | {up:.1f} | {down:.1f} | {gap} | {hit_round} | {'%.0f' % hit if hit is not None else 'not reached'} | {rows[-1]['elapsedSeconds']:.0f} |")


if __name__ == "__main__":
    main()
