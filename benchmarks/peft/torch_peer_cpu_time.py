#!/usr/bin/env python3
"""Runs ../shared/bench/torch_peer.py train-step with its step timer measuring process CPU time (all threads)
instead of wall time, for comparison with `peft4j bench train-step`'s cpu_ms_* fields on a busy machine.
Its ms_best / ms_median fields are then CPU milliseconds. Usage: torch_peer_cpu_time.py [torch_peer args...]"""
import os, sys, time
peer_dir = os.path.join(os.environ.get("PEFT4J_SHARED", os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared")), "bench")
sys.path.insert(0, os.path.abspath(peer_dir))
import torch_peer
time.perf_counter = time.process_time   # the peer times each step with time.perf_counter()
sys.argv = ["torch_peer.py"] + sys.argv[1:]
torch_peer.main()
