"""A small byte-level BPE vocabulary in the format of SD 1.5's tokenizer files (vocab.json,
merges.txt), for the tiny test models."""
import json
import os


def write(folder):
    """A small byte-level BPE vocabulary in the format of SD 1.5's tokenizer files."""
    chars = [chr(c) for c in range(ord("a"), ord("z") + 1)] + [str(d) for d in range(10)] + list(",.!?'")
    vocab = {}
    for c in chars:
        vocab[c] = len(vocab)
        vocab[c + "</w>"] = len(vocab)
    merges = [("t", "h"), ("th", "e</w>"), ("a", "n"), ("an", "d</w>"), ("o", "f</w>"),
              ("p", "a"), ("i", "n"), ("in", "t"), ("pa", "int"), ("paint", "ing</w>"),
              ("n", "g</w>"), ("i", "ng</w>")]
    for a, b in merges:
        vocab.setdefault(a + b, len(vocab))
    vocab["<|startoftext|>"] = len(vocab)
    vocab["<|endoftext|>"] = len(vocab)
    with open(os.path.join(folder, "vocab.json"), "w") as f:
        json.dump(vocab, f)
    with open(os.path.join(folder, "merges.txt"), "w") as f:
        f.write("#version: 0.2\n")
        for a, b in merges:
            f.write(f"{a} {b}\n")
    return len(vocab)
