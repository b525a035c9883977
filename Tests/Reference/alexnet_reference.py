#!/usr/bin/env python3
"""Independent reference for Sightline's engines: AlexNet (Documentation~/network.md) built in PyTorch from a spec Sightline writes.

Sightline writes into DIR:
  spec.json     {"classes", "inputSize", "towers", "dropoutSeed", "step", "training", "batch",
                 "layers": [{"name", "kind", "input": [c,h,w], "output": [c,h,w], "kernel", "stride", "pad", "groups",
                             "weightOffset", "weightCount", "biasOffset", "biasCount", "lrnSize", "lrnAlpha", "lrnBeta",
                             "lrnK", "dropProbability", "dropoutIndex"}]}
  params.bin    float32 flat parameters (per layer weights then bias; OIHW / [out, in])
  input.bin     float32 [batch, 3, H, W]
  labels.bin    int32 [batch]
This script runs forward (and, when training, backward of the mean softmax cross-entropy) in float64 on the CPU,
with dropout masks computed by the same counter-based function as Sightline.Engines.DropoutMask, and writes:
  logits.bin    float64 [batch, classes]
  grads.bin     float64 flat gradients (same layout as params.bin)
  result.json   {"loss": ..., "torch": version}
Usage: alexnet_reference.py DIR
"""
import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

MASK64 = (1 << 64) - 1


def mix(x):
    """SplitMix64's finaliser on a uint64 numpy array (wrapping arithmetic, as in C#)."""
    with np.errstate(over="ignore"):
        x = x + np.uint64(0x9E3779B97F4A7C15)
        x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return x ^ (x >> np.uint64(31))


def dropout_uniform(seed, dropout_index, step, count):
    key = mix(np.array([(seed ^ ((dropout_index & 0xFFFFFFFF) << 56)) & MASK64], dtype=np.uint64))[0]
    index = np.arange(count, dtype=np.uint64)
    counter = (np.uint64((step << 32) & MASK64)) | index
    bits = mix(key ^ mix(counter)) >> np.uint64(40)
    return bits.astype(np.float64) * (1.0 / 16777216.0)


def main(folder):
    spec = json.load(open(os.path.join(folder, "spec.json")))
    params = np.fromfile(os.path.join(folder, "params.bin"), dtype=np.float32).astype(np.float64)
    batch = spec["batch"]
    size = spec["inputSize"]
    x = np.fromfile(os.path.join(folder, "input.bin"), dtype=np.float32).astype(np.float64).reshape(batch, 3, size, size)
    labels = torch.from_numpy(np.fromfile(os.path.join(folder, "labels.bin"), dtype=np.int32).astype(np.int64))
    training = bool(spec["training"])
    seed, step = int(spec["dropoutSeed"]), int(spec["step"])

    flat = torch.from_numpy(params).requires_grad_(True)
    h = torch.from_numpy(x)
    for layer in spec["layers"]:
        kind = layer["kind"]
        if kind == "Convolution":
            cout, cin, k, g = layer["output"][0], layer["input"][0], layer["kernel"], layer["groups"]
            w = flat[layer["weightOffset"]:layer["weightOffset"] + layer["weightCount"]].view(cout, cin // g, k, k)
            b = flat[layer["biasOffset"]:layer["biasOffset"] + layer["biasCount"]]
            h = F.conv2d(h, w, b, stride=layer["stride"], padding=layer["pad"], groups=g)
        elif kind == "FullyConnected":
            out = layer["output"][0]
            h = h.reshape(batch, -1)
            w = flat[layer["weightOffset"]:layer["weightOffset"] + layer["weightCount"]].view(out, h.shape[1])
            b = flat[layer["biasOffset"]:layer["biasOffset"] + layer["biasCount"]]
            h = F.linear(h, w, b)
        elif kind == "Relu":
            h = F.relu(h)
        elif kind == "LocalResponseNorm":
            # PyTorch's LRN uses alpha/n like Sightline (Documentation~/network.md); windows stay in each tower's half.
            parts = h.chunk(layer["groups"], dim=1)
            h = torch.cat([F.local_response_norm(p, layer["lrnSize"], alpha=layer["lrnAlpha"], beta=layer["lrnBeta"], k=layer["lrnK"]) for p in parts], dim=1)
        elif kind == "MaxPool":
            h = F.max_pool2d(h, layer["kernel"], layer["stride"])
        elif kind == "Dropout":
            if training:
                p = layer["dropProbability"]
                u = dropout_uniform(seed, layer["dropoutIndex"], step, h.numel())
                keep = torch.from_numpy((u >= np.float32(p)).astype(np.float64)).view_as(h)
                h = h * keep / (1.0 - p)
        else:
            raise SystemExit(f"unknown layer kind {kind} in {folder}/spec.json")
    logits = h
    logits.detach().numpy().astype(np.float64).tofile(os.path.join(folder, "logits.bin"))
    result = {"torch": torch.__version__}
    if training:
        loss = F.cross_entropy(logits, labels)
        loss.backward()
        flat.grad.numpy().astype(np.float64).tofile(os.path.join(folder, "grads.bin"))
        result["loss"] = float(loss)
    json.dump(result, open(os.path.join(folder, "result.json"), "w"))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: alexnet_reference.py DIR")
    torch.set_num_threads(max(1, min(16, os.cpu_count() or 1)))
    main(sys.argv[1])
