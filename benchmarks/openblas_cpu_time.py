#!/usr/bin/env python3
"""Single-thread OpenBLAS SGEMM timed in CPU time of the calling thread (time.thread_time).

The peer script ../shared/bench/sgemm_openblas.py times wall clock, which on a shared, overloaded machine mostly
measures how often the process was scheduled. With one BLAS thread all work runs on the calling thread, so its CPU
time is what `peft4j bench gemm --threads 1` reports as gflops_best_cpu. Same operands, shapes and warm-up as the
peer script (which it imports its OpenBLAS core selection from).
Usage: openblas_cpu_time.py [--sizes 256,512,1024,2048] [--shapes MxNxK,...] [--seconds 2]
"""
import argparse, json, os, sys, time

ap = argparse.ArgumentParser()
ap.add_argument("--sizes", default="256,512,1024,2048")
ap.add_argument("--shapes", default="1024x768x768,1024x3072x768,1024x768x3072")
ap.add_argument("--seconds", type=float, default=2.0)
ap.add_argument("--shared", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared"))
a = ap.parse_args()
os.environ["OPENBLAS_NUM_THREADS"] = "1"
os.environ["OMP_NUM_THREADS"] = "1"
sys.path.insert(0, os.path.join(a.shared, "bench"))
from blas_env import choose_openblas_core
core = choose_openblas_core()
import numpy as np

shapes = [(s, s, s) for s in map(int, a.sizes.split(",")) if a.sizes]
shapes += [tuple(map(int, s.split("x"))) for s in a.shapes.split(",") if s]
rng = np.random.default_rng(0)
for m, n, k in shapes:
    A = rng.standard_normal((m, k), dtype=np.float32)
    B = rng.standard_normal((k, n), dtype=np.float32)
    C = np.empty((m, n), dtype=np.float32)
    np.matmul(A, B, out=C)
    times, t_end = [], time.perf_counter() + a.seconds
    while time.perf_counter() < t_end or len(times) < 5:
        t0 = time.thread_time(); np.matmul(A, B, out=C); times.append(time.thread_time() - t0)
    times = sorted(t for t in times if t > 0)
    print(json.dumps({"peer": "openblas", "m": m, "n": n, "k": k, "threads": 1, "openblas_core": core,
                      "gflops_best_cpu": round(2.0 * m * n * k / times[0] / 1e9, 2)}))
    sys.stdout.flush()
