#!/usr/bin/env python3
"""Export a feed-forward image-to-image network (e.g. a fast neural style transfer model) to a
Restyle model folder: TorchScript module + manifest.json.

Run on your own machine, with PyTorch and the code and weights of the network you use:

    python3 export_style_net.py --model mypkg.transformer:TransformerNet \\
        --weights mosaic.pth --name mosaic --out ~/.local/share/restyle/models/mosaic \\
        --range 0 255 --multiple 4 --max-side 1024

--model names the network's class as MODULE:CLASS (importable from the current folder or
PYTHONPATH); it is built with no arguments and loaded with the state dict in --weights. The
value range and channel order are what the network was trained with (fast neural style
networks from the PyTorch examples take RGB in [0, 255] and return the same).
"""
import argparse
import importlib
import json
import os

import torch


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", required=True, help="MODULE:CLASS of the network")
    p.add_argument("--weights", required=True, help="state dict (.pth)")
    p.add_argument("--name", required=True, help="the editor's name in Restyle")
    p.add_argument("--description", default="", help="shown in the editor list")
    p.add_argument("--out", required=True, help="model folder to write")
    p.add_argument("--range", nargs=2, type=float, default=[0.0, 255.0], metavar=("MIN", "MAX"))
    p.add_argument("--channels", choices=["rgb", "bgr"], default="rgb")
    p.add_argument("--multiple", type=int, default=4, help="spatial sizes must be multiples of this")
    p.add_argument("--max-side", type=int, default=1024, help="larger frames run in tiles")
    p.add_argument("--tile-overlap", type=int, default=32)
    a = p.parse_args()

    module_name, class_name = a.model.split(":")
    net = getattr(importlib.import_module(module_name), class_name)()
    state = torch.load(a.weights, map_location="cpu")
    # Old checkpoints carry InstanceNorm running stats that current PyTorch does not expect.
    state = {k: v for k, v in state.items() if not k.endswith(("running_mean", "running_var"))}
    net.load_state_dict(state, strict=False)
    net.eval()

    lo, hi = a.range
    example = torch.rand(1, 3, 256, 256) * (hi - lo) + lo
    with torch.no_grad():
        traced = torch.jit.trace(net, example)
        out = traced(example)
        if out.shape != example.shape:
            raise SystemExit(f"the network returns {tuple(out.shape)} for {tuple(example.shape)}: "
                             "Restyle needs the same shape (crop or pad inside the model)")
        # A second size checks the traced module is not specialised to 256x256.
        other = torch.rand(1, 3, 192, 320) * (hi - lo) + lo
        if traced(other).shape != other.shape:
            raise SystemExit("the traced module does not accept other frame sizes")

    os.makedirs(a.out, exist_ok=True)
    traced.save(os.path.join(a.out, "module.pt"))
    spec = {"channels": a.channels, "range": [lo, hi]}
    manifest = {
        "name": a.name,
        "kind": "style-net",
        "description": a.description or f"Style network {a.name}",
        "files": {"module": "module.pt"},
        "input": dict(spec, multiple=a.multiple, max_side=a.max_side),
        "output": spec,
        "tile_overlap": a.tile_overlap,
    }
    with open(os.path.join(a.out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
    print(f"wrote {a.out}: try it with  restyle-cli edit CLIP --editor {a.out}/manifest.json --out x.png")


if __name__ == "__main__":
    main()
