#!/usr/bin/python3
"""Stable Diffusion 1.x checkpoints with random weights, in the original single-file layout
(CompVis ldm: model.diffusion_model.*, first_stage_model.*,
cond_stage_model.transformer.text_model.*; ControlNet: control_model.*), written as
.safetensors by this script (8-byte little-endian header length, JSON header, raw data).

The layout is enumerated here independently of the C++ networks, from the ldm structure, so
the tests and `restyle-cli models check` cross-check one against the other.

    /usr/bin/python3 tiny_diffusion.py OUT --size real --dtype F16   # SD 1.5 + ControlNet 1.1
    /usr/bin/python3 tiny_diffusion.py OUT --size tiny               # a few MB each

make_tiny_models.py calls write_all() for the test models (tiny widths, SD 1.x depths).
"""
import argparse
import json
import os
import shutil
import struct

import torch

UNET, VAE, TEXT, CONTROL = ("model.diffusion_model.", "first_stage_model.",
                            "cond_stage_model.transformer.text_model.", "control_model.")
REAL = dict(mc=320, ctx=768, vae=128, width=768, layers=12, vocab=49408)
TINY = dict(mc=32, ctx=64, vae=32, width=64, layers=2, vocab=128)
MULT, RES, ATTN = (1, 2, 4, 4), 2, (0, 1, 2)


def conv(p, i, o, k=3):
    return [(p + "weight", (o, i, k, k)), (p + "bias", (o,))]


def lin(p, i, o, bias=True):
    return [(p + "weight", (o, i))] + ([(p + "bias", (o,))] if bias else [])


def norm(p, c):
    return [(p + "weight", (c,)), (p + "bias", (c,))]


def resblock(p, i, o, emb):
    t = norm(p + "in_layers.0.", i) + conv(p + "in_layers.2.", i, o) + lin(p + "emb_layers.1.", emb, o)
    t += norm(p + "out_layers.0.", o) + conv(p + "out_layers.3.", o, o)
    return t + (conv(p + "skip_connection.", i, o, 1) if i != o else [])


def transformer(p, c, ctx):
    b = p + "transformer_blocks.0."
    t = norm(p + "norm.", c) + conv(p + "proj_in.", c, c, 1)
    for a, src in (("attn1", c), ("attn2", ctx)):
        t += lin(b + a + ".to_q.", c, c, False) + lin(b + a + ".to_k.", src, c, False)
        t += lin(b + a + ".to_v.", src, c, False) + lin(b + a + ".to_out.0.", c, c)
    t += lin(b + "ff.net.0.proj.", c, c * 8) + lin(b + "ff.net.2.", c * 4, c)
    t += norm(b + "norm1.", c) + norm(b + "norm2.", c) + norm(b + "norm3.", c)
    return t + conv(p + "proj_out.", c, c, 1)


def encoder_half(p, mc, ctx, cin):
    """time_embed, input_blocks, middle_block; returns (tensors, skip widths)."""
    emb = mc * 4
    t = lin(p + "time_embed.0.", mc, emb) + lin(p + "time_embed.2.", emb, emb)
    t += conv(p + "input_blocks.0.0.", cin, mc)
    skips, ch, n = [mc], mc, 1
    for level, m in enumerate(MULT):
        for _ in range(RES):
            q = f"{p}input_blocks.{n}."
            t += resblock(q + "0.", ch, mc * m, emb)
            ch = mc * m
            if level in ATTN:
                t += transformer(q + "1.", ch, ctx)
            skips.append(ch)
            n += 1
        if level + 1 < len(MULT):
            t += conv(f"{p}input_blocks.{n}.0.op.", ch, ch)
            skips.append(ch)
            n += 1
    q = p + "middle_block."
    t += resblock(q + "0.", ch, ch, emb) + transformer(q + "1.", ch, ctx) + resblock(q + "2.", ch, ch, emb)
    return t, skips


def unet(w, cin=4):
    mc, ctx = w["mc"], w["ctx"]
    t, skips = encoder_half(UNET, mc, ctx, cin)
    ch, n = mc * MULT[-1], 0
    for level in reversed(range(len(MULT))):
        for r in range(RES + 1):
            q = f"{UNET}output_blocks.{n}."
            t += resblock(q + "0.", ch + skips.pop(), mc * MULT[level], mc * 4)
            ch = mc * MULT[level]
            k = 1
            if level in ATTN:
                t += transformer(q + "1.", ch, ctx)
                k = 2
            if level > 0 and r == RES:
                t += conv(f"{q}{k}.conv.", ch, ch)
            n += 1
    return t + norm(UNET + "out.0.", mc) + conv(UNET + "out.2.", mc, 4)


def vae(w):
    c, z, t = w["vae"], 4, []

    def block(p, i, o):
        r = norm(p + "norm1.", i) + conv(p + "conv1.", i, o) + norm(p + "norm2.", o) + conv(p + "conv2.", o, o)
        return r + (conv(p + "nin_shortcut.", i, o, 1) if i != o else [])

    def mid(p, ch):
        a = p + "attn_1."
        r = block(p + "block_1.", ch, ch) + norm(a + "norm.", ch)
        for n in ("q", "k", "v", "proj_out"):
            r += conv(a + n + ".", ch, ch, 1)
        return r + block(p + "block_2.", ch, ch)

    e, ch = VAE + "encoder.", c
    t += conv(e + "conv_in.", 3, c)
    for i, m in enumerate(MULT):
        for j in range(RES):
            t += block(f"{e}down.{i}.block.{j}.", ch, c * m)
            ch = c * m
        if i + 1 < len(MULT):
            t += conv(f"{e}down.{i}.downsample.conv.", ch, ch)
    t += mid(e + "mid.", ch) + norm(e + "norm_out.", ch) + conv(e + "conv_out.", ch, 2 * z)
    t += conv(VAE + "quant_conv.", 2 * z, 2 * z, 1) + conv(VAE + "post_quant_conv.", z, z, 1)
    d, ch = VAE + "decoder.", c * MULT[-1]
    t += conv(d + "conv_in.", z, ch) + mid(d + "mid.", ch)
    for i in reversed(range(len(MULT))):
        for j in range(RES + 1):
            t += block(f"{d}up.{i}.block.{j}.", ch, c * MULT[i])
            ch = c * MULT[i]
        if i > 0:
            t += conv(f"{d}up.{i}.upsample.conv.", ch, ch)
    return t + norm(d + "norm_out.", ch) + conv(d + "conv_out.", ch, 3)


def text(w):
    d, t = w["width"], [(TEXT + "embeddings.token_embedding.weight", (w["vocab"], w["width"])),
                        (TEXT + "embeddings.position_embedding.weight", (77, w["width"]))]
    for i in range(w["layers"]):
        p = f"{TEXT}encoder.layers.{i}."
        for n in ("k_proj", "v_proj", "q_proj", "out_proj"):
            t += lin(p + "self_attn." + n + ".", d, d)
        t += norm(p + "layer_norm1.", d) + lin(p + "mlp.fc1.", d, 4 * d) + lin(p + "mlp.fc2.", 4 * d, d)
        t += norm(p + "layer_norm2.", d)
    return t + norm(TEXT + "final_layer_norm.", d)


def controlnet(w):
    mc = w["mc"]
    t, skips = encoder_half(CONTROL, mc, w["ctx"], 4)
    widths, i = [3, 16, 16, 32, 32, 96, 96, 256], 0
    for k in range(7):
        t += conv(f"{CONTROL}input_hint_block.{2 * k}.", widths[k], widths[k + 1])
    t += conv(f"{CONTROL}input_hint_block.14.", 256, mc)
    for i, ch in enumerate(skips):
        t += conv(f"{CONTROL}zero_convs.{i}.0.", ch, ch, 1)
    return t + conv(CONTROL + "middle_block_out.0.", skips[-1], skips[-1], 1)


DTYPES = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16}


def values(name, shape, gen):
    if name.endswith("bias") or "norm" in name and len(shape) == 1:
        base = torch.zeros(shape) if name.endswith("bias") else torch.ones(shape)
        return base + 0.01 * torch.randn(shape, generator=gen)
    fan_in = 1
    for s in shape[1:]:
        fan_in *= s
    return torch.randn(shape, generator=gen) / max(1.0, fan_in) ** 0.5


def write_safetensors(path, tensors, dtype="F16", seed=0, extra=()):
    """tensors: (name, shape) pairs; extra: (name, tensor) written as they are."""
    gen = torch.Generator().manual_seed(seed)
    header, offset, size = {}, 0, torch.tensor([], dtype=DTYPES[dtype]).element_size()
    for name, shape in tensors:
        n = 1
        for s in shape:
            n *= s
        header[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [offset, offset + n * size]}
        offset += n * size
    for name, t in extra:
        kind = {torch.int64: "I64", torch.float32: "F32"}[t.dtype]
        header[name] = {"dtype": kind, "shape": list(t.shape),
                        "data_offsets": [offset, offset + t.numel() * t.element_size()]}
        offset += t.numel() * t.element_size()
    text = json.dumps(header).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path + ".part", "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text)
        for name, shape in tensors:
            f.write(values(name, shape, gen).to(DTYPES[dtype]).contiguous().view(torch.uint8).numpy().tobytes())
        for _, t in extra:
            f.write(t.contiguous().view(torch.uint8).numpy().tobytes())
    os.replace(path + ".part", path)
    return len(tensors) + len(extra)


def write_all(out):
    """The tiny test models: SD (+ ControlNet canny), v-prediction, InstructPix2Pix, depth."""
    import tokenizer_files  # noqa: E402 (beside this file)
    folder = os.path.join(out, "tiny-sd")
    os.makedirs(folder, exist_ok=True)
    write_safetensors(os.path.join(folder, "sd.safetensors"), unet(TINY) + vae(TINY) + text(TINY), "F16")
    write_safetensors(os.path.join(folder, "controlnet.safetensors"), controlnet(TINY), "F32", 1)
    tokenizer_files.write(folder)
    tok = {"vocab": "vocab.json", "merges": "merges.txt"}

    def manifest(name, kind, files, **extra):
        os.makedirs(os.path.join(out, name), exist_ok=True)
        with open(os.path.join(out, name, "manifest.json"), "w") as f:
            json.dump(dict(name=name, kind=kind, files=files, **extra), f, indent=2)

    manifest("tiny-sd", "sd-img2img", dict(tok, checkpoint="sd.safetensors", controlnet="controlnet.safetensors"),
             description="Tiny random SD 1.x layout with a ControlNet (test model)")
    # A manifest names files inside its own folder only, so the variants get copies (tiny).
    def copy_from_sd(name, files):
        os.makedirs(os.path.join(out, name), exist_ok=True)
        for f in files:
            shutil.copyfile(os.path.join(folder, f), os.path.join(out, name, f))

    copy_from_sd("tiny-sd-plain", ["vocab.json", "merges.txt", "sd.safetensors"])
    copy_from_sd("tiny-sd-vpred", ["vocab.json", "merges.txt", "sd.safetensors"])
    copy_from_sd("tiny-ip2p", ["vocab.json", "merges.txt"])
    up = dict(tok)
    manifest("tiny-sd-plain", "sd-img2img", dict(up, checkpoint="sd.safetensors"))
    manifest("tiny-sd-vpred", "sd-img2img", dict(up, checkpoint="sd.safetensors"),
             scheduler={"name": "euler-ancestral", "prediction": "v_prediction", "zero_terminal_snr": True,
                        "spacing": "trailing"})
    ip2p = os.path.join(out, "tiny-ip2p")
    write_safetensors(os.path.join(ip2p, "ip2p.safetensors"), unet(TINY, 8) + vae(TINY) + text(TINY), "BF16", 2)
    manifest("tiny-ip2p", "instruct-pix2pix", dict(up, checkpoint="ip2p.safetensors"))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("out")
    p.add_argument("--size", choices=["real", "tiny"], default="real")
    p.add_argument("--dtype", choices=sorted(DTYPES), default="F16")
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    w = REAL if a.size == "real" else TINY
    # position_ids as older transformers saved it: not a weight, ignored by the loader.
    ids = [(TEXT + "embeddings.position_ids", torch.arange(77).view(1, 77))]
    n = write_safetensors(os.path.join(a.out, "sd15.safetensors"), unet(w) + vae(w) + text(w), a.dtype, 0)
    print(f"sd15.safetensors: {n} tensors ({len(unet(w))} UNet, {len(vae(w))} VAE, {len(text(w))} text)")
    n = write_safetensors(os.path.join(a.out, "sd15-position-ids.safetensors"), text(w)[:2], a.dtype, 0, ids)
    n = write_safetensors(os.path.join(a.out, "controlnet11.safetensors"), controlnet(w), a.dtype, 1)
    print(f"controlnet11.safetensors: {n} tensors")


if __name__ == "__main__":
    main()
