"""PyTorch side of scripts/gpu-verify.sh: fp32 GEMM TFLOP/s at n^3 through torch (cuBLAS), with TF32 off (the
same arithmetic as peft4j's fp32 GEMM) and on, and bf16; then peft4j's 1024^3 PTX result (written by
GpuGemmBenchmark) against torch's fp32 and an fp64 reference. Prints only what it measured."""
import sys
import numpy as np
import torch


def tflops(fn, n, reps=10):
    fn()
    torch.cuda.synchronize()
    start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    start.record()
    for _ in range(reps):
        fn()
    end.record()
    torch.cuda.synchronize()
    return 2.0 * n ** 3 * reps / (start.elapsed_time(end) / 1e3) / 1e12


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 4096
    dump = sys.argv[2] if len(sys.argv) > 2 else None
    dev = torch.device("cuda")
    print("torch", torch.__version__, "on", torch.cuda.get_device_name(0))
    a = torch.rand(n, n, device=dev) * 2 - 1
    b = torch.rand(n, n, device=dev) * 2 - 1
    torch.backends.cuda.matmul.allow_tf32 = False
    print(f"torch fp32 matmul {n}^3 (TF32 off): {tflops(lambda: a @ b, n):.2f} TFLOP/s")
    torch.backends.cuda.matmul.allow_tf32 = True
    print(f"torch fp32 matmul {n}^3 (TF32 on):  {tflops(lambda: a @ b, n):.2f} TFLOP/s")
    torch.backends.cuda.matmul.allow_tf32 = False
    ab, bb = a.bfloat16(), b.bfloat16()
    print(f"torch bf16 matmul {n}^3:            {tflops(lambda: ab @ bb, n):.2f} TFLOP/s")
    if dump:
        m = 1024
        load = lambda name: torch.from_numpy(np.fromfile(f"{dump}/{name}", dtype="<f4").reshape(m, m))
        a1, b1, ours = load("a.f32"), load("b.f32"), load("c_peft4j.f32")
        ref = a1.double() @ b1.double()
        theirs = (a1.to(dev) @ b1.to(dev)).cpu()
        scale = (a1.double().abs() @ b1.double().abs())
        print(f"1024^3 max |peft4j - fp64| / (|A||B|): {((ours.double() - ref).abs() / scale).max().item():.2e}")
        print(f"1024^3 max |torch  - fp64| / (|A||B|): {((theirs.double() - ref).abs() / scale).max().item():.2e}")
        print(f"1024^3 max |peft4j - torch| (absolute): {(ours - theirs).abs().max().item():.2e}")


if __name__ == "__main__":
    main()
