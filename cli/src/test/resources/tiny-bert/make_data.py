"""Writes data/sst2/{train,dev}.tsv: tiny made-up SST-2-shaped sentiment rows (sentence<TAB>label) for CLI tests."""
import os
import random

rng = random.Random(7)
pos = "good great fine nice wonderful excellent brilliant funny moving charming beautiful".split()
neg = "bad awful boring dull terrible poor weak tedious flat stupid".split()
subjects = "the film|this movie|the story|the acting|the plot|the script|the music|the cast|its ending".split("|")

def rows(n):
    out = []
    for i in range(n):
        label = i % 2
        word = rng.choice(pos if label else neg)
        extra = rng.choice(["", " and " + rng.choice(pos if label else neg), ", very " + word])
        out.append(f"{rng.choice(subjects)} is {word}{extra} .\t{label}")
    return out

os.makedirs("data/sst2", exist_ok=True)
for name, n in [("train.tsv", 48), ("dev.tsv", 20)]:
    with open(os.path.join("data/sst2", name), "w") as f:
        f.write("sentence\tlabel\n" + "\n".join(rows(n)) + "\n")
