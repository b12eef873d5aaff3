#!/usr/bin/env python3
"""Writes the PyTorch reference fixtures that autograd's Java tests compare against.

Run from the repository root with Debian's PyTorch (apt-get install python3-torch python3-numpy):

    /usr/bin/python3 autograd/src/test/python/make_fixtures.py

Output: autograd/src/test/resources/torch/*.json. Each file maps a name to {"shape": [...], "data": [...]}
(float32 values written as exact decimals of their double widening, row-major) plus a few scalars under "meta".
Everything is float32 on CPU with fixed seeds, so reruns give the same files.
"""
import json
import math
import os

import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "torch")
torch.set_default_dtype(torch.float32)


def tensor_json(t):
    t = t.detach().to(torch.float32).contiguous()
    return {"shape": list(t.shape), "data": [float(v) for v in t.reshape(-1).tolist()]}


def write(name, entries, meta=None):
    os.makedirs(OUT, exist_ok=True)
    doc = {"meta": dict(meta or {}, torch=torch.__version__)}
    doc.update({k: tensor_json(v) for k, v in entries.items()})
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(doc, f, indent=None, separators=(",", ":"))
        f.write("\n")


def regression_problem():
    """A tiny linear regression: W [3, 4], b [3], X [5, 4], Y [5, 3], loss = mean((X Wᵀ + b - Y)²)."""
    g = torch.Generator().manual_seed(0)
    W = torch.randn(3, 4, generator=g)
    b = torch.randn(3, generator=g)
    X = torch.randn(5, 4, generator=g)
    Y = torch.randn(5, 3, generator=g)
    return W, b, X, Y


def trajectory(name, make_optimizer, steps=20, meta=None):
    W0, b0, X, Y = regression_problem()
    W = W0.clone().requires_grad_(True)
    b = b0.clone().requires_grad_(True)
    opt = make_optimizer(W, b)
    out = {"W0": W0, "b0": b0, "X": X, "Y": Y}
    for s in range(steps):
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(X @ W.t() + b, Y)
        loss.backward()
        out[f"gradW.{s}"] = W.grad.clone()
        out[f"gradb.{s}"] = b.grad.clone()
        out[f"loss.{s}"] = loss.detach().reshape(1)
        opt.step()
        out[f"W.{s}"] = W.detach().clone()
        out[f"b.{s}"] = b.detach().clone()
    state = opt.state
    for pname, p in (("W", W), ("b", b)):
        for k, v in state[p].items():
            out[f"state.{pname}.{k}"] = v.reshape(-1) if v.dim() == 0 else v
    write(name, out, dict(meta or {}, steps=steps))


def optimizers():
    trajectory("adamw", lambda W, b: torch.optim.AdamW(
        [{"params": [W], "lr": 0.05, "weight_decay": 0.1}, {"params": [b], "lr": 0.02, "weight_decay": 0.0}],
        betas=(0.9, 0.999), eps=1e-8, foreach=False),
        meta={"lrW": 0.05, "wdW": 0.1, "lrb": 0.02, "wdb": 0.0, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "amsgrad": False})
    trajectory("adamw_amsgrad", lambda W, b: torch.optim.AdamW(
        [{"params": [W], "lr": 0.03, "weight_decay": 0.01}, {"params": [b], "lr": 0.03, "weight_decay": 0.01}],
        betas=(0.8, 0.99), eps=1e-6, amsgrad=True, foreach=False),
        meta={"lrW": 0.03, "wdW": 0.01, "lrb": 0.03, "wdb": 0.01, "beta1": 0.8, "beta2": 0.99, "eps": 1e-6, "amsgrad": True})
    trajectory("sgd_nesterov", lambda W, b: torch.optim.SGD(
        [{"params": [W], "lr": 0.05, "weight_decay": 0.01}, {"params": [b], "lr": 0.1, "weight_decay": 0.0}],
        momentum=0.9, nesterov=True, foreach=False),
        meta={"lrW": 0.05, "wdW": 0.01, "lrb": 0.1, "wdb": 0.0, "momentum": 0.9, "dampening": 0.0, "nesterov": True})
    trajectory("sgd_momentum", lambda W, b: torch.optim.SGD(
        [{"params": [W], "lr": 0.05, "weight_decay": 0.02}, {"params": [b], "lr": 0.05, "weight_decay": 0.02}],
        momentum=0.8, dampening=0.1, foreach=False),
        meta={"lrW": 0.05, "wdW": 0.02, "lrb": 0.05, "wdb": 0.02, "momentum": 0.8, "dampening": 0.1, "nesterov": False})


def losses():
    g = torch.Generator().manual_seed(1)
    logits = torch.randn(6, 5, generator=g) * 2
    targets = torch.tensor([3, -100, 0, 4, -100, 1])
    out = {"logits": logits, "targets": targets.to(torch.float32)}
    for tag, smoothing, reduction in (("mean", 0.0, "mean"), ("mean_smooth", 0.1, "mean"),
                                      ("sum_smooth", 0.2, "sum"), ("none_smooth", 0.1, "none")):
        x = logits.clone().requires_grad_(True)
        loss = torch.nn.functional.cross_entropy(x, targets, ignore_index=-100, label_smoothing=smoothing, reduction=reduction)
        seed = torch.linspace(0.5, 1.5, loss.numel()).reshape(loss.shape)
        loss.backward(seed)
        out[f"ce.{tag}.loss"] = loss.detach().reshape(-1)
        out[f"ce.{tag}.grad"] = x.grad
    write("cross_entropy", out, {"ignore_index": -100})

    inp = torch.randn(3, 4, generator=g)
    tgt = torch.randn(3, 4, generator=g)
    out = {"input": inp, "target": tgt}
    for reduction in ("mean", "sum"):
        a = inp.clone().requires_grad_(True)
        b = tgt.clone().requires_grad_(True)
        loss = torch.nn.functional.mse_loss(a, b, reduction=reduction)
        loss.backward()
        out[f"mse.{reduction}.loss"] = loss.detach().reshape(1)
        out[f"mse.{reduction}.grad_input"] = a.grad
        out[f"mse.{reduction}.grad_target"] = b.grad
    write("mse", out)

    x0 = torch.randn(4, 3, generator=g) * 3
    y = torch.rand(4, 3, generator=g)
    pw = torch.tensor([0.5, 1.0, 2.5])
    out = {"logits": x0, "targets": y, "pos_weight": pw}
    for tag, kw in (("plain", {}), ("pos_weight", {"pos_weight": pw})):
        x = x0.clone().requires_grad_(True)
        loss = torch.nn.functional.binary_cross_entropy_with_logits(x, y, **kw)
        loss.backward()
        out[f"bce.{tag}.loss"] = loss.detach().reshape(1)
        out[f"bce.{tag}.grad"] = x.grad
    write("bce_with_logits", out)


def norms_and_softmax():
    g = torch.Generator().manual_seed(2)
    x0 = torch.randn(2, 3, 8, generator=g) * 2 + 0.5
    w0 = torch.randn(8, generator=g)
    b0 = torch.randn(8, generator=g)
    seed = torch.randn(2, 3, 8, generator=g)
    out = {"x": x0, "weight": w0, "bias": b0, "seed": seed}

    x, w, b = (t.clone().requires_grad_(True) for t in (x0, w0, b0))
    y = torch.nn.functional.layer_norm(x, (8,), w, b, eps=1e-5)
    y.backward(seed)
    out.update({"layernorm.y": y, "layernorm.grad_x": x.grad, "layernorm.grad_weight": w.grad, "layernorm.grad_bias": b.grad})

    x, w = (t.clone().requires_grad_(True) for t in (x0, w0))
    variance = x.pow(2).mean(-1, keepdim=True)          # LlamaRMSNorm, as Hugging Face writes it
    y = w * (x * torch.rsqrt(variance + 1e-6))
    y.backward(seed)
    out.update({"rmsnorm.y": y, "rmsnorm.grad_x": x.grad, "rmsnorm.grad_weight": w.grad})

    x = x0.clone().requires_grad_(True)
    y = torch.softmax(x, dim=-1)
    y.backward(seed)
    out.update({"softmax.y": y, "softmax.grad_x": x.grad})

    x = x0.clone().requires_grad_(True)
    y = torch.log_softmax(x, dim=-1)
    y.backward(seed)
    out.update({"logsoftmax.y": y, "logsoftmax.grad_x": x.grad})

    # attention-style: scores [2, 3, 8] (3 queries at the end of 8 keys) + padding mask [2, 1, 8], causal
    mask = torch.zeros(2, 1, 8)
    mask[0, 0, 1] = -1e4
    mask[1, 0, 6] = -1e4
    causal = torch.ones(3, 8, dtype=torch.bool).triu(8 - 3 + 1)
    x = x0.clone().requires_grad_(True)
    y = torch.softmax((x + mask).masked_fill(causal, float("-inf")), dim=-1)
    y.backward(seed)
    out.update({"mask": mask, "softmax_masked_causal.y": y, "softmax_masked_causal.grad_x": x.grad})

    for name, fn in (("gelu", lambda t: torch.nn.functional.gelu(t)),
                     ("gelu_tanh", lambda t: torch.nn.functional.gelu(t, approximate="tanh")),
                     ("silu", torch.nn.functional.silu)):
        x = x0.clone().requires_grad_(True)
        y = fn(x)
        y.backward(seed)
        out.update({f"{name}.y": y, f"{name}.grad_x": x.grad})
    write("norms_softmax", out, {"layernorm_eps": 1e-5, "rmsnorm_eps": 1e-6})


if __name__ == "__main__":
    optimizers()
    losses()
    norms_and_softmax()
    print("wrote fixtures to", os.path.normpath(OUT))
