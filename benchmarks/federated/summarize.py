#!/usr/bin/env python3
"""Markdown table of `peft4j fed simulate` runs: accuracy per round, bytes per round, rounds and wall time to a
target accuracy (wall time depends on the machine's load; rounds do not), and, from the run's log (RUN_DIR.log, as
experiments.sh writes it), the trainable values and the CPU time (GNU time's "cpu:" line).

Usage: summarize.py [--jsonl] TARGET_ACCURACY RUN_DIR...   (each RUN_DIR holds the summary.jsonl a simulation
wrote; a run that has not finished is reported with the rounds it has, marked unfinished). --jsonl prints one JSON
object per run instead of the table.
"""
import json
import math
import os
import re
import sys

CPU_LINE = re.compile(r"^cpu: ([0-9.]+) s user, ([0-9.]+) s sys, ([0-9.]+) s wall")
MODEL_LINE = re.compile(r"^model: .*; \d+ adapter tensors, ([0-9,]+) trainable values")


def from_log(run_dir):
    """(trainable values, user + sys CPU seconds) from the run's log; None where the log lacks the line."""
    log = os.path.normpath(run_dir) + ".log"
    values = cpu = None
    if os.path.exists(log):
        for line in open(log, errors="replace"):
            line = line.strip()
            m = MODEL_LINE.match(line)
            if m:
                values = int(m.group(1).replace(",", ""))
            m = CPU_LINE.match(line)
            if m:
                cpu = float(m.group(1)) + float(m.group(2))
    return values, cpu


def run_summary(d, target):
    f = os.path.join(d, "summary.jsonl")
    name = os.path.basename(os.path.normpath(d))
    if not os.path.exists(f):
        return {"run": name, "started": False}
    rows = [json.loads(l) for l in open(f) if l.strip()]
    if not rows:  # started, nothing scored yet
        return {"run": name, "started": False}
    trained = [r for r in rows if r["round"] > 0]
    hit_row = next((r for r in trained if r["accuracy"] >= target), None)
    gaps = [r["loraAveragingGap"] for r in trained]
    gaps = [g if isinstance(g, (int, float)) and not math.isnan(g) else None for g in gaps]
    values, cpu = from_log(d)
    return {
        "run": name,
        "started": True,
        "trainable_values": values,
        "finished": os.path.exists(os.path.join(d, "accuracy.png")),
        "accuracy": [round(r["accuracy"], 4) for r in rows],
        "eval_loss": [round(r["evalLoss"], 4) for r in rows],
        "bytes_up": [r["bytesUp"] for r in trained],
        "bytes_down": [r["bytesDown"] for r in trained],
        "lora_averaging_gap": [None if g is None else float(f"{g:.4g}") for g in gaps],
        "target": target,
        "rounds_to_target": hit_row["round"] if hit_row else None,
        "seconds_to_target": round(hit_row["elapsedSeconds"], 1) if hit_row else None,
        "seconds_total": round(rows[-1]["elapsedSeconds"], 1) if rows else None,
        "cpu_seconds": cpu,
    }


def table_row(s):
    if not s["started"]:
        return f"| {s['run']} | not started | | | | | | | | | |"
    acc = " ".join(f"{a:.3f}" for a in s["accuracy"])
    n = max(1, len(s["bytes_up"]))
    up, down = sum(s["bytes_up"]) / n / 1024, sum(s["bytes_down"]) / n / 1024
    gaps = [g for g in s["lora_averaging_gap"] if g is not None]
    gap = f"{sum(gaps) / len(gaps):.3g}" if gaps else "n/a"
    status = "" if s["finished"] else " (unfinished)"
    hit_round = s["rounds_to_target"] if s["rounds_to_target"] is not None else "not reached"
    hit_s = f"{s['seconds_to_target']:.0f}" if s["seconds_to_target"] is not None else "not reached"
    cpu = f"{s['cpu_seconds']:.0f}" if s["cpu_seconds"] is not None else "n/a"
    values = f"{s['trainable_values']:,}" if s["trainable_values"] is not None else "n/a"
    return (f"| {s['run']}{status} | {values} | {acc} | {s['accuracy'][-1]:.3f} | {up:,.1f} | {down:,.1f} | {gap} | {hit_round} | {hit_s} "
            f"| {s['seconds_total']:.0f} | {cpu} |")


def main():
    args = sys.argv[1:]
    jsonl = bool(args) and args[0] == "--jsonl"
    if jsonl:
        args = args[1:]
    if len(args) < 2:
        sys.exit(__doc__)
    target = float(args[0])
    summaries = [run_summary(d, target) for d in args[1:]]
    if jsonl:
        for s in summaries:
            print(json.dumps(s, separators=(",", ":")))
        return
    print(f"| run | trainable values | accuracy per round (round 0 = before training) | final | KiB up / round | KiB down / round "
          f"| LoRA averaging gap (mean) | rounds to {target:.2f} | s to {target:.2f} | s total | CPU s |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for s in summaries:
        print(table_row(s))


if __name__ == "__main__":
    main()
