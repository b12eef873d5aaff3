#!/usr/bin/env python3
"""Summarizes run.sh's JSON lines: per variant the median over rounds of each run's fastest step and of its median
step, and per round the ratios off/nohooks and traced/off of the fastest steps (runs of one round are back to back,
so their ratio is the least disturbed by the machine's other load). Usage: summarize.py results.jsonl"""
import json, statistics, sys

rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
by = lambda v: {r["round"]: r for r in rows if r["variant"] == v}
variants = {v: by(v) for v in ("nohooks", "off", "traced")}
print(f"{rows[0]['shape']}: {len(variants['off'])} rounds of {rows[0]['steps']} timed steps per run")
for v, rs in variants.items():
    mins = [r["ms_min"] for r in rs.values()]
    meds = [r["ms_median"] for r in rs.values()]
    print(f"  {v:8s} fastest step: median {statistics.median(mins):8.3f} ms (range {min(mins):.3f}-{max(mins):.3f}); "
          f"median step: median {statistics.median(meds):8.3f} ms")
rounds = sorted(set(variants["off"]) & set(variants["nohooks"]) & set(variants["traced"]))
for a, b in (("off", "nohooks"), ("traced", "off")):
    ratios = [variants[a][r]["ms_min"] / variants[b][r]["ms_min"] for r in rounds]
    print(f"  {a}/{b} per round (fastest steps): median {statistics.median(ratios):.3f}, range {min(ratios):.3f}-{max(ratios):.3f}")
