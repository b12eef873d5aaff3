"""Writes torch_ops.txt: PyTorch's outputs and gradients for the ops in org.peft4j.tensor.ops.Ops.

Run with Debian's python3-torch (1.13):  /usr/bin/python3 make_torch_ops.py
Each line is "name<TAB>shape<TAB>values" (shape comma-separated, values space-separated, float32 printed with
9 significant digits, so they read back exactly). Gradients are of sum(out * w) for a fixed random w.
Inputs are float32 values; every output is computed in float64 from them and rounded once to float32, so the
file holds the exact answer rather than PyTorch's float32 kernels' approximations (its vectorised float32 erf,
for one, is off by ~1e-4 relative in GELU's tail).
"""
import torch
import torch.nn.functional as F

torch.manual_seed(1234)
torch.set_default_dtype(torch.float64)


def f32(t):
    """Rounds to float32 values, kept in float64 for the computation."""
    return t.float().double()

lines = []


def put(name, t):
    t = t.detach()
    shape = ",".join(str(s) for s in t.shape)
    if t.dtype.is_floating_point:
        vals = " ".join("%.9g" % v for v in t.float().flatten().tolist())
    else:
        vals = " ".join(str(int(v)) for v in t.flatten().tolist())
    lines.append(name + "\t" + shape + "\t" + vals)


# activations over a wide range, including the far negative tail
x = f32(torch.cat([torch.linspace(-12, 12, 97), torch.randn(31) * 3])).requires_grad_()
put("act.x", x)
w = f32(torch.randn_like(x))
for name, f in [("gelu", lambda v: F.gelu(v)), ("gelu_tanh", lambda v: F.gelu(v, approximate="tanh")), ("silu", F.silu)]:
    y = f(x)
    put("act." + name, y)
    (g,) = torch.autograd.grad((y * w).sum(), x)
    put("act." + name + ".grad_w", w)
    put("act." + name + ".dx", g)

# layer norm with affine parameters
x = f32(torch.randn(3, 4, 10) * 2 + 0.7).requires_grad_()
gamma = f32(torch.randn(10)).requires_grad_()
beta = f32(torch.randn(10)).requires_grad_()
y = F.layer_norm(x, (10,), gamma, beta, eps=1e-5)
w = f32(torch.randn_like(y))
dx, dg, db = torch.autograd.grad((y * w).sum(), (x, gamma, beta))
for n, t in [("x", x), ("gamma", gamma), ("beta", beta), ("out", y), ("w", w), ("dx", dx), ("dgamma", dg), ("dbeta", db)]:
    put("ln." + n, t)

# RMSNorm exactly as transformers' LlamaRMSNorm
x = f32(torch.randn(2, 5, 12)).requires_grad_()
gamma = f32(torch.randn(12)).requires_grad_()
var = x.pow(2).mean(-1, keepdim=True)
y = gamma * (x * torch.rsqrt(var + 1e-6))
w = f32(torch.randn_like(y))
dx, dg = torch.autograd.grad((y * w).sum(), (x, gamma))
for n, t in [("x", x), ("gamma", gamma), ("out", y), ("w", w), ("dx", dx), ("dgamma", dg)]:
    put("rms." + n, t)

# masked causal softmax over attention scores [B, H, Tq, Tk] with a padding keep-mask [B, Tk]
B, H, T = 2, 3, 6
scores = f32(torch.randn(B, H, T, T) * 3).requires_grad_()
keep = torch.tensor([[1, 1, 1, 1, 0, 0], [1, 1, 1, 1, 1, 1]])
causal = torch.tril(torch.ones(T, T, dtype=torch.bool))
allowed = causal[None, None] & keep[:, None, None, :].bool()
additive = torch.zeros(B, H, T, T).masked_fill(~allowed, float("-inf"))
p = torch.softmax(scores + additive, dim=-1)
lp = torch.log_softmax(scores + additive, dim=-1)
w = f32(torch.randn_like(p))
(dsm,) = torch.autograd.grad((p * w).sum(), scores)
w2 = f32(torch.randn_like(p))
(dlsm,) = torch.autograd.grad((torch.where(allowed, lp, torch.zeros_like(lp)) * w2).sum(), scores)
put("sm.scores", scores)
put("sm.keep", keep)
put("sm.out", p)
put("sm.w", w)
put("sm.dx", dsm)
put("sm.log_out", lp)
put("sm.log_w", torch.where(allowed, w2, torch.zeros_like(w2)))
put("sm.log_dx", dlsm)

# cross-entropy with ignore_index and label smoothing, mean and sum
logits = f32(torch.randn(7, 11) * 2).requires_grad_()
targets = torch.tensor([3, -100, 0, 10, 5, 5, -100])
for red in ["mean", "sum"]:
    for eps in [0.0, 0.1]:
        loss = F.cross_entropy(logits, targets, ignore_index=-100, label_smoothing=eps, reduction=red)
        (g,) = torch.autograd.grad(loss, logits)
        tag = "ce.%s.%g" % (red, eps)
        put(tag + ".loss", loss)
        put(tag + ".dlogits", g)
put("ce.logits", logits)
put("ce.targets", targets)

# rotary embedding as transformers' LlamaRotaryEmbedding + apply_rotary_pos_emb (default rope_type)
B, H, T, D, theta = 2, 2, 5, 16, 10000.0
q = f32(torch.randn(B, H, T, D))
pos = torch.tensor([[0, 1, 2, 3, 4], [7, 100, 1000, 2047, 4095]])
# HF computes inv_freq and the angles in float32 (the kernel reproduces that rounding); cos, sin and the
# rotation are then evaluated in float64
inv_freq = 1.0 / (theta ** (torch.arange(0, D, 2, dtype=torch.int64).float() / D))
freqs = (inv_freq[None, :, None].float().expand(B, -1, 1) @ pos[:, None, :].float()).transpose(1, 2)
emb = torch.cat((freqs, freqs), dim=-1).double()
cos, sin = emb.cos()[:, None], emb.sin()[:, None]


def rotate_half(v):
    return torch.cat((-v[..., D // 2:], v[..., : D // 2]), dim=-1)


put("rope.x", q)
put("rope.pos", pos)
put("rope.out", q * cos + rotate_half(q) * sin)

with open("torch_ops.txt", "w") as f:
    f.write("\n".join(lines) + "\n")
print("wrote", len(lines), "tensors with torch", torch.__version__)
