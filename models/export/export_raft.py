#!/usr/bin/env python3
"""Export torchvision's RAFT optical flow network to a Restyle flow model.

Run on your own machine with PyTorch and torchvision (it downloads the pretrained weights):

    python3 export_raft.py --size large --out ~/.local/share/restyle/models/raft-large
    restyle-cli flow clip.mp4 --flow raft:~/.local/share/restyle/models/raft-large --out o.mp4

The exported module takes two RGB frames in [-1, 1] (Restyle normalises per the manifest and
pads to a multiple of 8) and returns the final flow [1, 2, H, W].
"""
import argparse
import json
import os

import torch
import torchvision.models.optical_flow as of


class FinalFlow(torch.nn.Module):
    """RAFT returns every refinement step; Restyle needs the last."""

    def __init__(self, raft, updates):
        super().__init__()
        self.raft = raft
        self.updates = updates

    def forward(self, image1, image2):
        return self.raft(image1, image2, num_flow_updates=self.updates)[-1]


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--size", choices=["small", "large"], default="large")
    p.add_argument("--updates", type=int, default=12, help="refinement iterations")
    p.add_argument("--out", required=True)
    a = p.parse_args()
    if a.size == "large":
        raft = of.raft_large(weights=of.Raft_Large_Weights.DEFAULT)
    else:
        raft = of.raft_small(weights=of.Raft_Small_Weights.DEFAULT)
    model = FinalFlow(raft.eval(), a.updates).eval()
    example = (torch.rand(1, 3, 256, 320) * 2 - 1, torch.rand(1, 3, 256, 320) * 2 - 1)
    with torch.no_grad():
        traced = torch.jit.trace(model, example)
        assert traced(*example).shape == (1, 2, 256, 320)
    os.makedirs(a.out, exist_ok=True)
    traced.save(os.path.join(a.out, "raft.pt"))
    manifest = {
        "name": f"raft-{a.size}",
        "kind": "flow",
        "description": f"RAFT ({a.size}, torchvision weights), {a.updates} updates",
        "files": {"module": "raft.pt"},
        "input": {"channels": "rgb", "range": [-1, 1], "multiple": 8},
    }
    with open(os.path.join(a.out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
