"""Exports tiny AlexNet-shaped networks with nn.LocalResponseNorm the plain way (torch.onnx.export, no custom symbolic),
as users' own PyTorch AlexNets are exported, for Sightline's importer tests (Tests/Onnx/PlainTorchLrnImportTests.cs).

torch.onnx writes nn.LocalResponseNorm not as one ONNX LRN node but as Mul/Unsqueeze/Pad/AveragePool/Squeeze/Mul/Add/
Pow/Div with Shape/Gather/Concat plumbing. The graphs are AlexNet's chain (conv 11/4/2, 5/1/2, 3/1/1 x3, LRN after
conv1 and conv2, 3/2 max pooling, three linear layers) at a 64x64 input and a few channels, so the files stay small.

    /usr/bin/python3 Tests/Reference/export_plain_lrn.py Tests/Onnx/Data~

writes, per variant, <name>.onnx and <name>.json ({"probabilities": [[...]]}: softmax of PyTorch's logits for the
fixed inputs of `inputs()`, which the importer test rebuilds from the same formula and runs on Sightline's CPU engine):
  plain_lrn_one_tower   one tower, LRN across all channels (torchvision-like AlexNet with LRN)
  plain_lrn_per_tower   two towers (grouped conv2/4/5), LRN inside each tower's half (split, LRN, cat)
  plain_lrn_across      two towers, one LRN across both towers' channels
"""
import json
import os
import sys

import torch
import torch.nn as nn

SIZE = 64
WIDTHS = [8, 16, 24, 16, 16, 32, 32]
CLASSES = 5
# Uniform init ranges of conv1..conv5, fc6..fc8: conv1 large so that alpha * mean(x^2) is comparable to k and LRN's
# divisor (and where its window stops: per tower or across) moves the outputs measurably; later layers small enough that
# the probabilities stay spread.
SCALES = [100.0, 1.0, 0.1, 0.3, 0.3, 0.1, 0.1, 0.1]


class PerTowerLrn(nn.Module):
    """LRN whose window stays inside each tower's channels: two LRNs on the channel halves, concatenated."""

    def __init__(self, towers, channels):
        super().__init__()
        self.sizes = [channels // towers] * towers
        self.across = False  # only to compute what the same weights give with LRN across all channels
        self.lrn = nn.LocalResponseNorm(5, alpha=1e-4, beta=0.75, k=2.0)

    def forward(self, x):
        # split() with explicit sizes exports as a constant Split, as Sightline's own network does (sightline_network.py).
        if self.across:
            return self.lrn(x)
        return torch.cat([self.lrn(p) for p in torch.split(x, self.sizes, dim=1)], dim=1)


def alexnet(towers, lrn_per_tower):
    def lrn(channels):
        return PerTowerLrn(towers, channels) if lrn_per_tower else nn.LocalResponseNorm(5, alpha=1e-4, beta=0.75, k=2.0)

    w = WIDTHS
    return nn.Sequential(
        nn.Conv2d(3, w[0], 11, 4, 2), nn.ReLU(), lrn(w[0]), nn.MaxPool2d(3, 2),
        nn.Conv2d(w[0], w[1], 5, 1, 2, groups=towers), nn.ReLU(), lrn(w[1]), nn.MaxPool2d(3, 2),
        nn.Conv2d(w[1], w[2], 3, 1, 1), nn.ReLU(),
        nn.Conv2d(w[2], w[3], 3, 1, 1, groups=towers), nn.ReLU(),
        nn.Conv2d(w[3], w[4], 3, 1, 1, groups=towers), nn.ReLU(), nn.MaxPool2d(3, 2),
        nn.Flatten(), nn.Dropout(0.5), nn.Linear(w[4], w[5]), nn.ReLU(), nn.Dropout(0.5),
        nn.Linear(w[5], w[6]), nn.ReLU(), nn.Linear(w[6], CLASSES))


def inputs():
    """Three fixed images: x[n, i] = 2 sin(0.37 i + 1.3 n) over each image's flat CHW index i, in float64, then float32."""
    i = torch.arange(3 * SIZE * SIZE, dtype=torch.float64)
    return torch.stack([2.0 * torch.sin(0.37 * i + 1.3 * n) for n in range(3)]).reshape(3, 3, SIZE, SIZE).float()


def export(net, name, out, seed):
    torch.manual_seed(seed)
    weighted = [m for m in net.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    for m, scale in zip(weighted, SCALES):
        for p in m.parameters():
            nn.init.uniform_(p, -scale, scale)
    net.eval()
    x = inputs()
    with torch.no_grad():
        probabilities = torch.softmax(net(x), dim=1)
    torch.onnx.export(net, x[:1], os.path.join(out, name + ".onnx"), input_names=["input"], output_names=["logits"],
                      dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
    result = {"torch": torch.__version__, "probabilities": probabilities.tolist()}
    per_tower = [m for m in net.modules() if isinstance(m, PerTowerLrn)]
    if per_tower:
        # What the same weights give with one LRN across both towers' channels: the test checks that the per-tower
        # import is measurably far from it, so the fixture tells the two networks apart.
        for m in per_tower:
            m.across = True
        with torch.no_grad():
            result["probabilitiesWithLrnAcrossTowers"] = torch.softmax(net(x), dim=1).tolist()
    with open(os.path.join(out, name + ".json"), "w") as f:
        json.dump(result, f, indent=1)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    export(alexnet(1, False), "plain_lrn_one_tower", out, 11)
    export(alexnet(2, True), "plain_lrn_per_tower", out, 12)
    export(alexnet(2, False), "plain_lrn_across", out, 13)


if __name__ == "__main__":
    main()
