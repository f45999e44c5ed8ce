"""Tiny Stable Diffusion-shaped TorchScript models with Restyle's contracts (see
core/diffusion/detail/SdModel.h), for CI: random weights, a few kilobytes each. Written by
make_tiny_models.py."""
import json
import os
from typing import List

import torch

D = 32  # text embedding width


class TextEncoder(torch.nn.Module):
    def __init__(self, vocab_size: int):
        super().__init__()
        self.embed = torch.nn.Embedding(vocab_size, D)
        self.proj = torch.nn.Linear(D, D)

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        return torch.tanh(self.proj(self.embed(ids)))


class VaeEncoder(torch.nn.Module):
    """Latent = 8x8 average of (r, g, b, luma): close to invertible, so outputs look like frames."""

    def forward(self, image: torch.Tensor) -> torch.Tensor:
        luma = image.mean(1, keepdim=True)
        return torch.nn.functional.avg_pool2d(torch.cat([image, luma], 1), 8) * 5.0


class VaeDecoder(torch.nn.Module):
    def forward(self, latent: torch.Tensor) -> torch.Tensor:
        up = torch.nn.functional.interpolate(latent[:, :3] / 5.0, scale_factor=8.0, mode="bilinear",
                                             align_corners=False)
        return up.clamp(-1, 1)


class Unet(torch.nn.Module):
    def __init__(self, channels: int = 4, extra: int = 0):
        super().__init__()
        self.conv = torch.nn.Conv2d(channels + extra, channels, 3, padding=1)
        self.text = torch.nn.Linear(D, channels)
        self.channels = channels
        with torch.no_grad():
            self.conv.weight.mul_(0.2)

    def forward(self, latent: torch.Tensor, t: torch.Tensor, context: torch.Tensor) -> torch.Tensor:
        cond = self.text(context.mean(1)).unsqueeze(-1).unsqueeze(-1)
        scale = (t.to(latent.dtype) / 1000.0).view(-1, 1, 1, 1)
        return self.conv(latent) * 0.5 + cond * 0.1 + latent[:, : self.channels] * scale * 0.3


class ControlUnet(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.base = Unet()

    def forward(self, latent: torch.Tensor, t: torch.Tensor, context: torch.Tensor,
                residuals: List[torch.Tensor]) -> torch.Tensor:
        out = self.base(latent, t, context)
        for r in residuals:
            out = out + r
        return out


class ControlNet(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 4, 1)

    def forward(self, latent: torch.Tensor, t: torch.Tensor, context: torch.Tensor,
                control: torch.Tensor) -> List[torch.Tensor]:
        return [self.conv(torch.nn.functional.avg_pool2d(control, 8)) * 0.1]


class WrongShapeUnet(torch.nn.Module):
    def forward(self, latent: torch.Tensor, t: torch.Tensor, context: torch.Tensor) -> torch.Tensor:
        return latent[:, :3]


class WrongTextEncoder(torch.nn.Module):
    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        return torch.zeros(ids.shape[0], 76, 32)  # TorchScript does not capture globals


def tokenizer_files(folder):
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


def write_model(out, name, kind, modules, extra):
    folder = os.path.join(out, name)
    os.makedirs(folder, exist_ok=True)
    vocab_size = tokenizer_files(folder)
    files = {"vocab": "vocab.json", "merges": "merges.txt"}
    for role, make in modules.items():
        module = make(vocab_size) if role == "text_encoder" else make()
        torch.jit.script(module.eval()).save(os.path.join(folder, role + ".pt"))
        files[role] = role + ".pt"
    manifest = {"name": name, "kind": kind, "files": files, "latent_scale": 1.0,
                "description": f"tiny random-weight {kind} model (tests)"}
    manifest.update(extra)
    with open(os.path.join(folder, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)


def write_all(out):
    torch.manual_seed(0)
    common = {"text_encoder": TextEncoder, "vae_encoder": VaeEncoder, "vae_decoder": VaeDecoder}
    ddim = {"name": "ddim", "steps": 6}
    write_model(out, "tiny-sd", "sd-img2img", dict(common, unet=ControlUnet, controlnet=ControlNet),
                {"scheduler": ddim})
    write_model(out, "tiny-sd-plain", "sd-img2img", dict(common, unet=Unet),
                {"scheduler": {"name": "euler-ancestral", "steps": 5}})
    write_model(out, "tiny-sd-vpred", "sd-img2img", dict(common, unet=Unet),
                {"scheduler": {"name": "dpm-solver++-2m", "prediction": "v_prediction",
                               "zero_terminal_snr": True, "spacing": "trailing", "steps": 5}})
    write_model(out, "tiny-ip2p", "instruct-pix2pix", dict(common, unet=lambda: Unet(4, 4)),
                {"scheduler": ddim})
    write_model(out, "tiny-sd-bad-unet", "sd-img2img", dict(common, unet=WrongShapeUnet),
                {"scheduler": ddim})
    write_model(out, "tiny-sd-bad-text", "sd-img2img", dict(common, text_encoder=lambda n: WrongTextEncoder(), unet=Unet),
                {"scheduler": ddim})
