#!/usr/bin/env python3
"""PyTorch as the judge of Sightline's training: trains the same network on the same data with the same recipe.

`sightline check parity` writes into DIR, for one seed:
  spec.json     the network, as alexnet_reference.py documents it (layers with kernel, stride, pad, groups, LRN, dropout)
  params.bin    float32 flat initial parameters (Sightline's initialisation for this seed; per layer weights then bias)
  mean.bin      float32 [3, I, I] the model's mean: the centre crop of the training frames' mean image (CHW, 0..255)
  recipe.json   {"dataRoot", "storedSize", "inputSize", "train": [[path, label], ...], "validation": [[path, label], ...],
                 "inputScale", "pcaVectors": [9], "pcaValues": [3], "augmentation": "paper|crops|no-flips|none",
                 "lightingStd", "epochs", "batch", "learningRate", "momentum", "weightDecay", "schedule": "plateau|cosine",
                 "patience", "maxDrops", "warmupEpochs", "seed", "threads"}
and this script trains in float32 on the CPU, the recipe spelled out as Sightline's (Documentation~/network.md):
  - each epoch shuffles the training frames and drops the last partial batch;
  - augmentation per frame: crop offsets uniform in 0..S-I (paper, crops, no-flips) or the centre (none); a mirror
    with probability 1/2 (paper only); PCA lighting delta = 255 * sum_i p_i a_i lambda_i, a_i ~ N(0, lightingStd)
    (paper, no-flips); input = (crop - centre crop of the mean + delta) * inputScale;
  - inverted dropout, mean softmax cross-entropy;
  - SGD v = momentum v - decay lr w - lr g; w = w + v, weight decay on weights only, never on biases;
  - plateau: divide the rate by 10 when the validation top-1 error has not fallen by more than 1e-4 for `patience`
    epochs, at most `maxDrops` times; cosine: linear warm-up per step, then half a cosine to 0 at the last step;
  - validation: the centre crop, top-1.
The random streams are PyTorch's own, so runs agree in distribution, not bit for bit. Writes result.json:
  {"torch": version, "validationTop1": [per epoch], "final": last epoch's top-1, "seconds": training time}
Usage: parity_trainer.py DIR
"""
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image


def load_images(root, items, size):
    """uint8 [N, S, S, 3]: each image as RGB, short side to S (bilinear) and centre-cropped when it is not S x S."""
    out = np.empty((len(items), size, size, 3), dtype=np.uint8)
    for i, (path, _) in enumerate(items):
        with Image.open(os.path.join(root, path)) as im:
            im = im.convert("RGB")
            if im.size != (size, size):
                w, h = im.size
                scale = size / min(w, h)
                im = im.resize((max(size, round(w * scale)), max(size, round(h * scale))), Image.BILINEAR)
                left, top = (im.size[0] - size) // 2, (im.size[1] - size) // 2
                im = im.crop((left, top, left + size, top + size))
            out[i] = np.asarray(im, dtype=np.uint8)
    return torch.from_numpy(out)


class Network:
    """The spec's layers with float32 parameters taken from params.bin."""

    def __init__(self, spec, flat):
        self.layers = spec["layers"]
        self.params = []
        self.weights = []  # parameters that get weight decay
        for layer in self.layers:
            if layer["weightCount"] == 0:
                continue
            o, c = layer["output"][0], layer["input"][0]
            w = torch.from_numpy(flat[layer["weightOffset"]:layer["weightOffset"] + layer["weightCount"]].copy())
            if layer["kind"] == "Convolution":
                w = w.view(o, c // layer["groups"], layer["kernel"], layer["kernel"])
            else:
                w = w.view(o, -1)
            b = torch.from_numpy(flat[layer["biasOffset"]:layer["biasOffset"] + layer["biasCount"]].copy())
            w.requires_grad_(True)
            b.requires_grad_(True)
            layer["_w"], layer["_b"] = w, b
            self.params += [w, b]
            self.weights.append(w)

    def forward(self, h, training):
        for layer in self.layers:
            kind = layer["kind"]
            if kind == "Convolution":
                h = F.conv2d(h, layer["_w"], layer["_b"], stride=layer["stride"], padding=layer["pad"], groups=layer["groups"])
            elif kind == "FullyConnected":
                h = F.linear(h.reshape(h.shape[0], -1), layer["_w"], layer["_b"])
            elif kind == "Relu":
                h = F.relu(h)
            elif kind == "LocalResponseNorm":
                parts = h.chunk(layer["groups"], dim=1)
                h = torch.cat([F.local_response_norm(p, layer["lrnSize"], alpha=layer["lrnAlpha"], beta=layer["lrnBeta"], k=layer["lrnK"]) for p in parts], dim=1)
            elif kind == "MaxPool":
                h = F.max_pool2d(h, layer["kernel"], layer["stride"])
            elif kind == "Dropout":
                h = F.dropout(h, layer["dropProbability"], training)
            else:
                raise SystemExit(f"unknown layer kind {kind}")
        return h


def batch_input(frames, idx, recipe, mean_crop, pca_vectors, pca_values, generator, train):
    s, n = recipe["storedSize"], recipe["inputSize"]
    choice = recipe["augmentation"]
    out = torch.empty((len(idx), 3, n, n), dtype=torch.float32)
    for j, i in enumerate(idx):
        if train and choice != "none":
            x, y = (int(v) for v in torch.randint(0, s - n + 1, (2,), generator=generator))
        else:
            x = y = (s - n) // 2
        crop = frames[i, y:y + n, x:x + n, :].permute(2, 0, 1).to(torch.float32)
        if train and choice == "paper" and int(torch.randint(0, 2, (1,), generator=generator)) == 1:
            crop = crop.flip(2)
        v = crop - mean_crop
        if train and choice in ("paper", "no-flips"):
            a = torch.randn(3, generator=generator, dtype=torch.float64) * recipe["lightingStd"]
            delta = 255.0 * (pca_vectors.T @ (a * pca_values))
            v = v + delta.to(torch.float32).view(3, 1, 1)
        out[j] = v * recipe["inputScale"]
    return out


def evaluate(net, frames, labels, recipe, mean_crop, pca_vectors, pca_values):
    correct = 0
    with torch.no_grad():
        for start in range(0, len(labels), 128):
            idx = list(range(start, min(len(labels), start + 128)))
            x = batch_input(frames, idx, recipe, mean_crop, pca_vectors, pca_values, None, False)
            correct += int((net.forward(x, False).argmax(1) == labels[idx]).sum())
    return correct / max(1, len(labels))


def main(folder):
    recipe = json.load(open(os.path.join(folder, "recipe.json")))
    spec = json.load(open(os.path.join(folder, "spec.json")))
    torch.set_num_threads(max(1, int(recipe.get("threads", 2))))
    torch.manual_seed(int(recipe["seed"]))
    generator = torch.Generator().manual_seed(int(recipe["seed"]))
    s, n = recipe["storedSize"], recipe["inputSize"]
    flat = np.fromfile(os.path.join(folder, "params.bin"), dtype=np.float32)
    mean_crop = torch.from_numpy(np.fromfile(os.path.join(folder, "mean.bin"), dtype=np.float32).reshape(3, n, n)).contiguous()
    pca_vectors = torch.tensor(recipe["pcaVectors"], dtype=torch.float64).view(3, 3)  # row i: eigenvector i (R, G, B)
    pca_values = torch.tensor(recipe["pcaValues"], dtype=torch.float64)
    train_frames = load_images(recipe["dataRoot"], recipe["train"], s)
    train_labels = torch.tensor([l for _, l in recipe["train"]], dtype=torch.int64)
    val_frames = load_images(recipe["dataRoot"], recipe["validation"], s)
    val_labels = torch.tensor([l for _, l in recipe["validation"]], dtype=torch.int64)

    net = Network(spec, flat)
    velocity = [torch.zeros_like(p) for p in net.params]
    decays = [any(p is w for w in net.weights) for p in net.params]
    base = float(recipe["learningRate"])
    rate = base
    best, since, drops = 1.0, 0, 0
    batch = min(int(recipe["batch"]), len(train_labels))
    steps = max(1, len(train_labels) // batch)
    epochs = int(recipe["epochs"])
    history = []
    clock = time.time()
    for epoch in range(epochs):
        order = torch.randperm(len(train_labels), generator=generator)
        for b in range(steps):
            if recipe["schedule"] == "cosine":
                step, warm, total = epoch * steps + b, int(recipe["warmupEpochs"]) * steps, epochs * steps
                rate = base * (step + 1) / warm if step < warm else base * 0.5 * (1 + math.cos(math.pi * min(1.0, (step - warm) / max(1, total - warm))))
            idx = order[b * batch:(b + 1) * batch].tolist()
            x = batch_input(train_frames, idx, recipe, mean_crop, pca_vectors, pca_values, generator, True)
            loss = F.cross_entropy(net.forward(x, True), train_labels[idx])
            for p in net.params:
                p.grad = None
            loss.backward()
            if not math.isfinite(float(loss)):
                raise SystemExit(f"the loss is {float(loss)} at epoch {epoch + 1}, step {b + 1}")
            with torch.no_grad():
                for p, v, decay in zip(net.params, velocity, decays):
                    v.mul_(recipe["momentum"])
                    if decay:
                        v.sub_(p, alpha=recipe["weightDecay"] * rate)
                    v.sub_(p.grad, alpha=rate)
                    p.add_(v)
        top1 = evaluate(net, val_frames, val_labels, recipe, mean_crop, pca_vectors, pca_values)
        history.append(top1)
        error = 1.0 - top1
        improved = error < best - 1e-4
        best = min(best, error)
        since = 0 if improved else since + 1
        if recipe["schedule"] == "plateau" and since >= int(recipe["patience"]) and drops < int(recipe["maxDrops"]):
            rate /= 10.0
            drops += 1
            since = 0
        print(f"epoch {epoch + 1}: loss {float(loss):.4f}, validation top-1 {100 * top1:.1f}%, lr {rate:.3g}", flush=True)
    json.dump({"torch": torch.__version__, "validationTop1": history, "final": history[-1], "seconds": time.time() - clock},
              open(os.path.join(folder, "result.json"), "w"))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: parity_trainer.py DIR")
    main(sys.argv[1])
