#!/usr/bin/python3
"""Writes small TorchScript models with Restyle manifests, for the tests.

Run with Debian's python3-torch (it matches libtorch-dev):  /usr/bin/python3 make_tiny_models.py OUT
Every model is deterministic and tiny; the broken ones break one rule of their contract each,
so the tests can check that Restyle refuses them with a clear message.
"""
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tiny_diffusion  # noqa: E402

torch.manual_seed(0)


def save(out, name, kind, modules, extra=None):
    folder = os.path.join(out, name)
    os.makedirs(folder, exist_ok=True)
    files = {}
    for role, module in modules.items():
        filename = role + ".pt"
        if isinstance(module, bytes):
            with open(os.path.join(folder, filename), "wb") as f:
                f.write(module)
        else:
            torch.jit.script(module).save(os.path.join(folder, filename))
        files[role] = filename
    manifest = {"name": name, "kind": kind, "files": files}
    manifest.update(extra or {})
    with open(os.path.join(folder, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)


# --- flow -------------------------------------------------------------------------------
class ProbeFlow(torch.nn.Module):
    """u = channel mean of image1, v = channel mean of image2: shows normalisation, channel
    order and padding/cropping exactly."""

    def forward(self, image1: torch.Tensor, image2: torch.Tensor) -> torch.Tensor:
        assert image1.shape[2] % 8 == 0 and image1.shape[3] % 8 == 0, "input not padded to 8"
        return torch.cat([image1.mean(1, keepdim=True), image2.mean(1, keepdim=True)], 1)


class RaftLikeFlow(torch.nn.Module):
    """Returns a list of refinements like RAFT; the last is a constant (1.5, -0.5) flow."""

    def forward(self, image1: torch.Tensor, image2: torch.Tensor):
        n, c, h, w = image1.shape
        first = torch.zeros(n, 2, h, w)
        last = torch.ones(n, 2, h, w) * torch.tensor([1.5, -0.5]).view(1, 2, 1, 1)
        return [first, last]


class WrongShapeFlow(torch.nn.Module):
    def forward(self, image1: torch.Tensor, image2: torch.Tensor) -> torch.Tensor:
        return image1  # 3 channels, not 2


class NanFlow(torch.nn.Module):
    def forward(self, image1: torch.Tensor, image2: torch.Tensor) -> torch.Tensor:
        return torch.cat([image1[:, :1], image2[:, :1]], 1) * float("nan")


flow_input = {"channels": "rgb", "range": [0, 255], "mean": [0, 0, 0], "std": [1, 1, 1],
              "multiple": 8}


# --- style networks -----------------------------------------------------------------------
class InvertStyle(torch.nn.Module):
    """A pointwise 'style': 1 - x on [0, 1] RGB. Tiling must give the same as one pass."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return 1.0 - x


class ConvStyle(torch.nn.Module):
    """A small random conv net (a stand-in for a fast style-transfer network)."""

    def __init__(self):
        super().__init__()
        self.net = torch.nn.Sequential(
            torch.nn.Conv2d(3, 8, 3, padding=1), torch.nn.ReLU(),
            torch.nn.Conv2d(8, 3, 3, padding=1), torch.nn.Tanh())

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)


class WrongShapeStyle(torch.nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x[:, :, ::2, ::2]


class NanStyle(torch.nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x * float("nan")


# --- depth (the ControlNet depth condition) -----------------------------------------------
class GradientDepth(torch.nn.Module):
    """'Depth' = the image's row position plus its brightness: near (large) at the bottom."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        rows = torch.linspace(0.0, 1.0, x.shape[2]).view(1, 1, -1, 1)
        return (rows + 0.2 * x.mean(1, keepdim=True))[:, 0]


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "tiny-models"
    os.makedirs(out, exist_ok=True)
    save(out, "flow-probe", "flow", {"module": ProbeFlow()}, {"input": flow_input})
    save(out, "flow-raftlike", "flow", {"module": RaftLikeFlow()}, {"input": flow_input})
    save(out, "flow-wrong-shape", "flow", {"module": WrongShapeFlow()}, {"input": flow_input})
    save(out, "flow-nan", "flow", {"module": NanFlow()}, {"input": flow_input})
    save(out, "flow-not-torchscript", "flow", {"module": b"this is not a TorchScript archive"},
         {"input": flow_input})
    unit = {"channels": "rgb", "range": [0, 1]}
    save(out, "style-invert", "style-net", {"module": InvertStyle()},
         {"description": "Inverts colours (test model)", "input": dict(unit, max_side=64),
          "output": unit, "tile_overlap": 8})
    save(out, "style-conv", "style-net", {"module": ConvStyle()},
         {"description": "A random conv net (test model)",
          "input": {"channels": "rgb", "range": [-1, 1], "multiple": 4},
          "output": {"channels": "rgb", "range": [-1, 1]}})
    save(out, "style-wrong-shape", "style-net", {"module": WrongShapeStyle()},
         {"input": unit, "output": unit})
    save(out, "style-nan", "style-net", {"module": NanStyle()}, {"input": unit, "output": unit})
    tiny_diffusion.write_all(out)
    save(out, "tiny-depth", "depth", {"model": GradientDepth()},
         {"description": "A depth stand-in (test model)",
          "input": {"channels": "rgb", "range": [0, 1], "multiple": 32}})
    missing = os.path.join(out, "style-missing-file")
    os.makedirs(missing, exist_ok=True)
    with open(os.path.join(missing, "manifest.json"), "w") as f:
        json.dump({"name": "style-missing-file", "kind": "style-net",
                   "files": {"module": "gone.pt"}}, f)


if __name__ == "__main__":
    main()
