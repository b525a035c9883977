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

    def forward(self, h, training, dropout=None):
        """dropout(layer, h): the masked activation (the step check passes Sightline's masks); None: PyTorch's own."""
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
                h = dropout(layer, h) if training and dropout is not None else F.dropout(h, layer["dropProbability"], training)
            else:
                raise SystemExit(f"unknown layer kind {kind}")
        return h


def draw(recipe, generator):
    """One training frame's augmentation (crop x, crop y, flip, lighting delta per channel) from PyTorch's generator."""
    s, n = recipe["storedSize"], recipe["inputSize"]
    choice = recipe["augmentation"]
    if choice != "none":
        x, y = (int(v) for v in torch.randint(0, s - n + 1, (2,), generator=generator))
    else:
        x = y = (s - n) // 2
    flip = choice == "paper" and int(torch.randint(0, 2, (1,), generator=generator)) == 1
    a = None
    if choice in ("paper", "no-flips"):
        a = torch.randn(3, generator=generator, dtype=torch.float64) * recipe["lightingStd"]
    return x, y, flip, a


def lighting(a, pca_vectors, pca_values):
    """delta_c = 255 * sum_i p_i[c] a_i lambda_i (float64, then float32)."""
    return (255.0 * (pca_vectors.T @ (a * pca_values))).to(torch.float32)


def make_input(frames, idx, views, recipe, mean_crop):
    """views[j] = (x, y, flip, delta or None): input = ((crop - centre crop of the mean) + delta) * inputScale."""
    n = recipe["inputSize"]
    out = torch.empty((len(idx), 3, n, n), dtype=torch.float32)
    for j, (i, (x, y, flip, delta)) in enumerate(zip(idx, views)):
        crop = frames[i, y:y + n, x:x + n, :].permute(2, 0, 1).to(torch.float32)
        if flip:
            crop = crop.flip(2)
        v = crop - mean_crop
        if delta is not None:
            v = v + delta.view(3, 1, 1)
        out[j] = v * recipe["inputScale"]
    return out


def batch_input(frames, idx, recipe, mean_crop, pca_vectors, pca_values, generator, train):
    s, n = recipe["storedSize"], recipe["inputSize"]
    views = []
    for _ in idx:
        if train:
            x, y, flip, a = draw(recipe, generator)
            views.append((x, y, flip, None if a is None else lighting(a, pca_vectors, pca_values)))
        else:
            views.append(((s - n) // 2, (s - n) // 2, False, None))
    return make_input(frames, idx, views, recipe, mean_crop)


def sgd_step(net, velocity, decays, recipe, rate):
    """v = momentum v - decay lr w - lr g; w = w + v (decay on weights only)."""
    with torch.no_grad():
        for p, v, decay in zip(net.params, velocity, decays):
            v.mul_(recipe["momentum"])
            if decay:
                v.sub_(p, alpha=recipe["weightDecay"] * rate)
            v.sub_(p.grad, alpha=rate)
            p.add_(v)


def evaluate(net, frames, labels, recipe, mean_crop, pca_vectors, pca_values):
    correct = 0
    with torch.no_grad():
        for start in range(0, len(labels), 128):
            idx = list(range(start, min(len(labels), start + 128)))
            x = batch_input(frames, idx, recipe, mean_crop, pca_vectors, pca_values, None, False)
            correct += int((net.forward(x, False).argmax(1) == labels[idx]).sum())
    return correct / max(1, len(labels))


def setup(folder):
    """The recipe, the spec, the initial parameters, the mean's centre crop [3, I, I] and the PCA (float64)."""
    recipe = json.load(open(os.path.join(folder, "recipe.json")))
    spec = json.load(open(os.path.join(folder, "spec.json")))
    torch.set_num_threads(max(1, int(recipe.get("threads", 2))))
    s, n = recipe["storedSize"], recipe["inputSize"]
    flat = np.fromfile(os.path.join(folder, "params.bin"), dtype=np.float32)
    mean_crop = torch.from_numpy(np.fromfile(os.path.join(folder, "mean.bin"), dtype=np.float32).reshape(3, n, n)).contiguous()
    pca_vectors = torch.tensor(recipe["pcaVectors"], dtype=torch.float64).view(3, 3)  # row i: eigenvector i (R, G, B)
    pca_values = torch.tensor(recipe["pcaValues"], dtype=torch.float64)
    return recipe, spec, flat, mean_crop, pca_vectors, pca_values


def read_floats(path, count):
    values = np.fromfile(path, dtype=np.float32)
    if values.size != count:
        raise SystemExit(f"{path} holds {values.size} floats, expected {count}")
    return torch.from_numpy(values)


def step_check(folder):
    """
    Sightline's first steps, replayed: step.json names the training frames of each step, the crops, flips and
    lighting deltas Sightline drew for them, the dropout seed and step, and lighting coefficients a with Sightline's
    delta for them; input_K.bin is Sightline's float input of step K and after.bin its parameters after the steps
    (momentum starting at zero). This rebuilds each input from the image files with make_input, runs forward and
    backward in float32 with Sightline's dropout masks (alexnet_reference.dropout_uniform), applies sgd_step, and
    writes step_result.json with the largest differences.
    """
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from alexnet_reference import dropout_uniform

    recipe, spec, flat, mean_crop, pca_vectors, pca_values = setup(folder)
    check = json.load(open(os.path.join(folder, "step.json")))
    s = recipe["storedSize"]
    a = torch.tensor(check["lightingA"], dtype=torch.float64)
    lighting_error = float((lighting(a, pca_vectors, pca_values) - torch.tensor(check["lightingDelta"], dtype=torch.float32)).abs().max())
    net = Network(spec, flat)
    velocity = [torch.zeros_like(p) for p in net.params]
    decays = [any(p is w for w in net.weights) for p in net.params]
    seed = int(check["dropoutSeed"])
    input_error, losses = 0.0, []
    for k, step in enumerate(check["steps"]):
        items = [recipe["train"][i] for i in step["samples"]]
        frames = load_images(recipe["dataRoot"], items, s)
        views = [(int(v[0]), int(v[1]), bool(v[2]), torch.tensor(v[3:6], dtype=torch.float32)) for v in step["views"]]
        x = make_input(frames, list(range(len(items))), views, recipe, mean_crop)
        theirs = read_floats(os.path.join(folder, f"input_{k}.bin"), x.numel()).view_as(x)
        input_error = max(input_error, float((x - theirs).abs().max()))
        labels = torch.tensor([label for _, label in items], dtype=torch.int64)
        if labels.tolist() != step["labels"]:
            raise SystemExit(f"step {k}: the recipe's labels {labels.tolist()} differ from Sightline's {step['labels']}")

        def masked(layer, h, number=int(step["step"])):
            p = layer["dropProbability"]
            u = dropout_uniform(seed, layer["dropoutIndex"], number, h.numel())
            keep = torch.from_numpy((u >= np.float32(p)).astype(np.float32)).view_as(h)
            return h * keep * np.float32(1.0 / (1.0 - p))

        loss = F.cross_entropy(net.forward(theirs, True, masked), labels)
        for p in net.params:
            p.grad = None
        loss.backward()
        sgd_step(net, velocity, decays, recipe, float(recipe["learningRate"]))
        losses.append(float(loss))
    ours = torch.cat([p.detach().reshape(-1) for p in net.params])
    start = torch.cat([torch.from_numpy(flat[l[k]:l[k] + l[c]]) for l in spec["layers"] if l["weightCount"] > 0
                       for k, c in (("weightOffset", "weightCount"), ("biasOffset", "biasCount"))])
    after = read_floats(os.path.join(folder, "after.bin"), len(flat))
    after = torch.cat([after[l[k]:l[k] + l[c]] for l in spec["layers"] if l["weightCount"] > 0
                       for k, c in (("weightOffset", "weightCount"), ("biasOffset", "biasCount"))])
    change = float((after - start).abs().max())
    result = {
        "torch": torch.__version__,
        "inputMaxAbs": input_error,
        "lightingMaxAbs": lighting_error,
        "weightsMaxAbs": float((ours - after).abs().max()),
        "updateMaxAbs": change,
        "losses": losses,
    }
    json.dump(result, open(os.path.join(folder, "step_result.json"), "w"))
    print(json.dumps(result), flush=True)


def main(folder):
    recipe, spec, flat, mean_crop, pca_vectors, pca_values = setup(folder)
    # Dropout draws from the global generator, order and augmentation from their own: two different seeds, so the
    # two streams are not the same Mersenne Twister sequence read at different places.
    torch.manual_seed(2 * int(recipe["seed"]))
    generator = torch.Generator().manual_seed(2 * int(recipe["seed"]) + 1)
    s = recipe["storedSize"]
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
            sgd_step(net, velocity, decays, recipe, rate)
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
    if len(sys.argv) == 3 and sys.argv[1] == "--step":
        step_check(sys.argv[2])
    elif len(sys.argv) == 2:
        main(sys.argv[1])
    else:
        raise SystemExit("usage: parity_trainer.py DIR | parity_trainer.py --step DIR")
