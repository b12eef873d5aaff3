"""Writes the tiny GPT-2 test fixtures:
- tokenizer.json: a byte-level BPE tokenizer (GPT-2's pipeline) with 511 tokens (the 256 bytes, then merges learned
  here from the E2E-shaped rows below) and <|endoftext|> = 511, so its ids fit the golden tiny GPT-2
  (vocab_size 512, eos_token_id 511). Made up for tests; not GPT-2's vocabulary.
- data/e2e_nlg/devset.csv and testset_w_refs.csv: made-up E2E-shaped rows (mr,ref)."""
import collections
import csv
import json
import random
import re

rng = random.Random(3)
names = ["The Eagle", "Zizzi", "Alimentum", "The Vaults", "Blue Spice", "Cotto"]
foods = ["French", "Italian", "English", "Chinese", "Indian"]
areas = ["city centre", "riverside"]

def row():
    n, f, a = rng.choice(names), rng.choice(foods), rng.choice(areas)
    mr = f"name[{n}], food[{f}], area[{a}]"
    ref = rng.choice([f"{n} serves {f} food in the {a}.", f"In the {a} there is {n}, which serves {f} food.",
                      f"{n} is a {f} place in the {a}."])
    return mr, ref

dev = [row() for _ in range(24)]
test_mrs = [row()[0] for _ in range(3)]
test = []
for mr in test_mrs:
    for _ in range(2):
        n = mr.split("]")[0][5:]
        test.append((mr, f"{n} is a nice place."))

for name, rows in [("devset.csv", dev), ("testset_w_refs.csv", test)]:
    with open("data/e2e_nlg/" + name, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["mr", "ref"])
        w.writerows(rows)

def bytes_to_unicode():
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, map(chr, cs)))

b2u = bytes_to_unicode()
vocab = {b2u[b]: i for i, b in enumerate(sorted(b2u, key=lambda b: list(b2u).index(b)))}
pat = re.compile(r"""'s|'t|'re|'ve|'m|'ll|'d| ?[A-Za-z]+| ?[0-9]+| ?[^\sA-Za-z0-9]+|\s+(?!\S)|\s+""")
corpus = [t for mr, ref in dev + test for t in (mr + " ||", " " + ref)]
words = collections.Counter()
for text in corpus:
    for w in pat.findall(text):
        words[tuple(b2u[b] for b in w.encode("utf-8"))] += 1
merges = []
while len(vocab) < 511:
    pairs = collections.Counter()
    for w, c in words.items():
        for a, b in zip(w, w[1:]):
            pairs[(a, b)] += c
    if not pairs:
        break
    (a, b), _ = max(pairs.items(), key=lambda kv: (kv[1], kv[0]))
    merges.append(f"{a} {b}")
    vocab[a + b] = len(vocab)
    new = collections.Counter()
    for w, c in words.items():
        out, i = [], 0
        while i < len(w):
            if i + 1 < len(w) and w[i] == a and w[i + 1] == b:
                out.append(a + b)
                i += 2
            else:
                out.append(w[i])
                i += 1
        new[tuple(out)] += c
    words = new
eos = "<|endoftext|>"
vocab[eos] = 511
bl = {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True}
tok = {
    "version": "1.0", "truncation": None, "padding": None,
    "added_tokens": [{"id": 511, "content": eos, "single_word": False, "lstrip": False, "rstrip": False, "normalized": True, "special": True}],
    "normalizer": None, "pre_tokenizer": bl,
    "post_processor": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": False, "use_regex": True},
    "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
    "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": "", "end_of_word_suffix": "",
              "fuse_unk": False, "byte_fallback": False, "ignore_merges": False, "vocab": vocab, "merges": merges},
}
with open("tokenizer.json", "w") as fh:
    json.dump(tok, fh, ensure_ascii=False, indent=1)
print(len(vocab), "tokens,", len(merges), "merges")
