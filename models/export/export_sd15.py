#!/usr/bin/env python3
"""Export a Stable Diffusion 1.5-class model (optionally with ControlNet canny), or an
InstructPix2Pix model, to a Restyle model folder: TorchScript modules, tokenizer files and a
manifest (see core/diffusion/detail/SdModel.h for the tensor contract).

Run on your own machine with PyTorch, diffusers and transformers (they download the weights):

    python3 export_sd15.py --model runwayml/stable-diffusion-v1-5 \\
        --controlnet lllyasviel/sd-controlnet-canny --out ~/.local/share/restyle/models/sd15-canny
    python3 export_sd15.py --model timbrooks/instruct-pix2pix --instruct-pix2pix \\
        --out ~/.local/share/restyle/models/ip2p
    restyle-cli propagate clip.mp4 --first edit.png --engine diffusion \\
        --model ~/.local/share/restyle/models/sd15-canny --prompt "a watercolor painting" --out o.mp4

Video coherence: the exported UNet's self-attention also attends to the batch's first frame
and each frame's previous frame (cross-frame attention, FlowVid's spatial-temporal attention
without training), so public SD 1.5 checkpoints give temporally coherent batches. Restyle
stacks the classifier-free guidance halves [unconditional frames, conditional frames] in the
batch, and the attention keeps the halves apart. Use --device cuda --half for a GPU export.
"""
import argparse
import json
import os
import shutil
from typing import List

import torch


class CrossFrameAttention:
    """Self-attention whose keys and values come from the frame itself, the batch's first
    frame and the previous frame. The batch holds `groups` guidance halves of equal size."""

    def __init__(self, groups: int):
        self.groups = groups

    def __call__(self, attn, hidden_states, encoder_hidden_states=None, attention_mask=None, temb=None):
        q = attn.to_q(hidden_states)
        context = hidden_states if encoder_hidden_states is None else encoder_hidden_states
        k = attn.to_k(context)
        v = attn.to_v(context)
        if encoder_hidden_states is None:  # self-attention: extend across frames
            b, n, c = k.shape
            kk = k.view(self.groups, -1, n, c)
            vv = v.view(self.groups, -1, n, c)
            first_k = kk[:, :1].expand_as(kk)
            first_v = vv[:, :1].expand_as(vv)
            prev_k = torch.cat([kk[:, :1], kk[:, :-1]], 1)
            prev_v = torch.cat([vv[:, :1], vv[:, :-1]], 1)
            k = torch.cat([kk, first_k, prev_k], 2).view(b, 3 * n, c)
            v = torch.cat([vv, first_v, prev_v], 2).view(b, 3 * n, c)
        q = attn.head_to_batch_dim(q)
        k = attn.head_to_batch_dim(k)
        v = attn.head_to_batch_dim(v)
        probs = attn.get_attention_scores(q, k, None)
        out = attn.batch_to_head_dim(torch.bmm(probs, v))
        return attn.to_out[1](attn.to_out[0](out))


class TextEncoder(torch.nn.Module):
    def __init__(self, te):
        super().__init__()
        self.te = te

    def forward(self, ids):
        return self.te(ids)[0]


class VaeEncoder(torch.nn.Module):
    def __init__(self, vae):
        super().__init__()
        self.vae = vae

    def forward(self, image):
        return self.vae.encode(image).latent_dist.mean


class VaeDecoder(torch.nn.Module):
    def __init__(self, vae):
        super().__init__()
        self.vae = vae

    def forward(self, latent):
        return self.vae.decode(latent).sample


class Unet(torch.nn.Module):
    def __init__(self, unet):
        super().__init__()
        self.unet = unet

    def forward(self, latent, t, context):
        return self.unet(latent, t, encoder_hidden_states=context).sample


class ControlledUnet(torch.nn.Module):
    def __init__(self, unet):
        super().__init__()
        self.unet = unet

    def forward(self, latent, t, context, residuals: List[torch.Tensor]):
        if len(residuals) == 0:
            return self.unet(latent, t, encoder_hidden_states=context).sample
        return self.unet(latent, t, encoder_hidden_states=context,
                         down_block_additional_residuals=residuals[:-1],
                         mid_block_additional_residual=residuals[-1]).sample


class ControlNet(torch.nn.Module):
    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, latent, t, context, control):
        down, mid = self.net(latent, t, encoder_hidden_states=context, controlnet_cond=control,
                             return_dict=False)
        return list(down) + [mid]


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", required=True, help="diffusers model id or folder")
    p.add_argument("--controlnet", help="ControlNet (canny) model id or folder")
    p.add_argument("--instruct-pix2pix", action="store_true")
    p.add_argument("--name", help="the model's name in Restyle")
    p.add_argument("--out", required=True)
    p.add_argument("--size", type=int, default=512, help="trace size (the modules stay size-generic)")
    p.add_argument("--device", default="cpu")
    p.add_argument("--half", action="store_true", help="float16 weights (GPU use)")
    a = p.parse_args()

    from diffusers import (ControlNetModel, StableDiffusionInstructPix2PixPipeline,
                           StableDiffusionPipeline)
    dtype = torch.float16 if a.half else torch.float32
    if a.instruct_pix2pix:
        pipe = StableDiffusionInstructPix2PixPipeline.from_pretrained(a.model, torch_dtype=dtype)
    else:
        pipe = StableDiffusionPipeline.from_pretrained(a.model, torch_dtype=dtype, safety_checker=None)
    pipe = pipe.to(a.device)
    groups = 3 if a.instruct_pix2pix else 2
    if not a.instruct_pix2pix:
        pipe.unet.set_attn_processor(CrossFrameAttention(groups))
    os.makedirs(a.out, exist_ok=True)
    dev = a.device
    s = a.size // 8
    frames = 2
    lat = torch.randn(groups * frames, 4, s, s, device=dev, dtype=dtype)
    ids = torch.zeros(groups * frames, 77, dtype=torch.long, device=dev)
    t = torch.full((groups * frames,), 500.0, device=dev, dtype=dtype)
    with torch.no_grad():
        ctx = pipe.text_encoder(ids)[0]
        files = {}

        def save(role, module, inputs):
            traced = torch.jit.trace(module.eval(), inputs, check_trace=False, strict=False)
            traced.save(os.path.join(a.out, role + ".pt"))
            files[role] = role + ".pt"

        save("text_encoder", TextEncoder(pipe.text_encoder), (ids,))
        save("vae_encoder", VaeEncoder(pipe.vae), (torch.randn(1, 3, a.size, a.size, device=dev, dtype=dtype),))
        save("vae_decoder", VaeDecoder(pipe.vae), (lat[:1],))
        unet_in = torch.cat([lat, lat], 1) if a.instruct_pix2pix else lat
        if a.controlnet:
            net = ControlNetModel.from_pretrained(a.controlnet, torch_dtype=dtype).to(dev)
            control = torch.rand(groups * frames, 3, a.size, a.size, device=dev, dtype=dtype)
            wrapped = ControlNet(net)
            residuals = wrapped(lat, t, ctx, control)
            save("controlnet", wrapped, (lat, t, ctx, control))
            save("unet", ControlledUnet(pipe.unet), (unet_in, t, ctx, residuals))
        else:
            save("unet", Unet(pipe.unet), (unet_in, t, ctx))
    tok = pipe.tokenizer
    tok.save_pretrained(os.path.join(a.out, "tokenizer"))
    for f in ("vocab.json", "merges.txt"):
        shutil.copy(os.path.join(a.out, "tokenizer", f), os.path.join(a.out, f))
        files[f.split(".")[0]] = f
    sched = pipe.scheduler.config
    kind = "instruct-pix2pix" if a.instruct_pix2pix else "sd-img2img"
    manifest = {
        "name": a.name or os.path.basename(os.path.normpath(a.out)),
        "kind": kind,
        "description": f"{a.model}" + (f" + {a.controlnet}" if a.controlnet else ""),
        "files": files,
        "latent_scale": pipe.vae.config.scaling_factor,
        "latent_channels": 4,
        "downscale": 8,
        "unet_extra_channels": 4 if a.instruct_pix2pix else 0,
        "pad_token_id": tok.pad_token_id,
        "cross_frame_attention": not a.instruct_pix2pix,
        "scheduler": {
            "name": "ddim",
            "beta_schedule": sched.get("beta_schedule", "scaled_linear"),
            "beta_start": sched.get("beta_start", 0.00085),
            "beta_end": sched.get("beta_end", 0.012),
            "prediction": sched.get("prediction_type", "epsilon"),
            "spacing": sched.get("timestep_spacing", "leading"),
            "steps_offset": sched.get("steps_offset", 1),
            "steps": 20,
        },
    }
    with open(os.path.join(a.out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
