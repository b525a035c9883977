"""Sightline's AlexNet in PyTorch, built from the spec JSON Sightline writes (PyTorch only, no other package).

Shared by the cluster trainer (ddp_trainer.py) and usable by the other references. The spec JSON is the one
`sightline export-manifest` and the reference checks write: {"classes", "inputSize", "towers", "layers": [{"name",
"kind", "input": [c,h,w], "output": [c,h,w], "kernel", "stride", "pad", "groups", "weightOffset", "weightCount",
"biasOffset", "biasCount", "lrnSize", "lrnAlpha", "lrnBeta", "lrnK", "dropProbability"}]}; parameters travel as one
float32 buffer in Sightline's flat layout (per layer its weights, OIHW or [out, in], then its biases).

What the network is (Documentation~/network.md): the two towers as grouped convolutions, LRN with the window kept
inside each tower's channels (alpha/n, as PyTorch's local_response_norm), overlapping 3/2 max pooling, inverted dropout,
fully connected layers reading the NCHW-flattened activations. An LRN layer's "groups" says where its window stops:
one group per tower (the paper's), or 1 for a spec with LRN across towers (one window over all channels, which
exports as one ONNX LRN node).
"""
import io
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class _LrnForOnnx(torch.autograd.Function):
    """LRN whose ONNX form is one LRN node (torch.onnx otherwise writes a Mul/Pad/AveragePool/Pow/Div subgraph)."""

    @staticmethod
    def forward(ctx, x, size, alpha, beta, k):
        return F.local_response_norm(x, size, alpha=alpha, beta=beta, k=k)

    @staticmethod
    def symbolic(g, x, size, alpha, beta, k):
        return g.op("LRN", x, size_i=size, alpha_f=alpha, beta_f=beta, bias_f=k)


class SightlineNet(nn.Module):
    """The spec's layers; parameters named "<layer>.weight" and "<layer>.bias" as Sightline's ONNX export names them."""

    def __init__(self, spec):
        super().__init__()
        self.spec = spec
        self.layers = spec["layers"]
        self.weights = nn.ParameterDict()
        self.biases = nn.ParameterDict()
        for layer in self.layers:
            if layer["weightCount"] == 0:
                continue
            o, c = layer["output"][0], layer["input"][0]
            if layer["kind"] == "Convolution":
                shape = (o, c // layer["groups"], layer["kernel"], layer["kernel"])
            else:
                shape = (o, layer["weightCount"] // o)
            self.weights[layer["name"]] = nn.Parameter(torch.zeros(shape))
            self.biases[layer["name"]] = nn.Parameter(torch.zeros(layer["biasCount"]))
        self.onnx_export = False

    def forward(self, h):
        for layer in self.layers:
            kind, name = layer["kind"], layer["name"]
            if kind == "Convolution":
                h = F.conv2d(h, self.weights[name], self.biases[name], stride=layer["stride"], padding=layer["pad"], groups=layer["groups"])
            elif kind == "FullyConnected":
                h = F.linear(torch.flatten(h, 1) if h.dim() > 2 else h, self.weights[name], self.biases[name])
            elif kind == "Relu":
                h = F.relu(h)
            elif kind == "LocalResponseNorm":
                args = (layer["lrnSize"], float(layer["lrnAlpha"]), float(layer["lrnBeta"]), float(layer["lrnK"]))
                lrn = (lambda p: _LrnForOnnx.apply(p, *args)) if self.onnx_export else \
                    (lambda p: F.local_response_norm(p, args[0], alpha=args[1], beta=args[2], k=args[3]))
                # Explicit sizes: torch.onnx writes chunk() as a Split fed by Shape arithmetic, split() as a constant Split.
                channels = layer["input"][0] // layer["groups"]
                parts = torch.split(h, [channels] * layer["groups"], dim=1) if layer["groups"] > 1 else (h,)
                h = torch.cat([lrn(p) for p in parts], dim=1) if len(parts) > 1 else lrn(parts[0])
            elif kind == "MaxPool":
                h = F.max_pool2d(h, layer["kernel"], layer["stride"])
            elif kind == "Dropout":
                if self.training and layer["dropProbability"] > 0:
                    h = F.dropout(h, layer["dropProbability"], True)
            else:
                raise ValueError(f"layer {name}: unknown kind {kind}")
        return h

    def parameter_layers(self):
        """(layer, weight, bias) in the flat buffer's order."""
        return [(layer, self.weights[layer["name"]], self.biases[layer["name"]]) for layer in self.layers if layer["weightCount"] > 0]

    def load_flat(self, flat):
        """Sets the parameters from a Sightline flat float32 buffer (a 1-D tensor or numpy array)."""
        flat = torch.as_tensor(flat)
        with torch.no_grad():
            for layer, w, b in self.parameter_layers():
                w.copy_(flat[layer["weightOffset"]:layer["weightOffset"] + layer["weightCount"]].view_as(w))
                b.copy_(flat[layer["biasOffset"]:layer["biasOffset"] + layer["biasCount"]])

    def flat(self, tensors=None):
        """The parameters (or per-parameter tensors like momentum, in weights-then-bias pairs) as one flat buffer."""
        pairs = self.parameter_layers()
        total = max(layer["biasOffset"] + layer["biasCount"] for layer, _, _ in pairs)
        out = torch.zeros(total, dtype=torch.float32)
        for i, (layer, w, b) in enumerate(pairs):
            tw, tb = (w, b) if tensors is None else (tensors[2 * i], tensors[2 * i + 1])
            out[layer["weightOffset"]:layer["weightOffset"] + layer["weightCount"]] = tw.detach().reshape(-1).float().cpu()
            out[layer["biasOffset"]:layer["biasOffset"] + layer["biasCount"]] = tb.detach().reshape(-1).float().cpu()
        return out

    def ordered_parameters(self):
        """[w1, b1, w2, b2, ...] in the flat buffer's order (the order of momentum buffers)."""
        out = []
        for _, w, b in self.parameter_layers():
            out += [w, b]
        return out

    def initialise(self, scheme, generator):
        """He (normal, fan-in, gain sqrt 2, zero biases) or the paper's N(0, 0.01) with biases 1 in conv2, conv4, conv5, fc6, fc7."""
        ones = {"conv2", "conv4", "conv5", "fc6", "fc7"}
        with torch.no_grad():
            for layer, w, b in self.parameter_layers():
                fan_in = w[0].numel()
                std = math.sqrt(2.0 / fan_in) if scheme.lower() == "he" else 0.01
                w.copy_(torch.randn(w.shape, generator=generator) * std)
                b.fill_(1.0 if scheme.lower() == "paper" and layer["name"] in ones else 0.0)


def sgd_step(params, velocity, decays, rate, momentum, weight_decay):
    """Sightline's update: v = momentum v - decay lr w - lr g; w = w + v; weight decay on weights only, never biases."""
    with torch.no_grad():
        for p, v, decay in zip(params, velocity, decays):
            v.mul_(momentum)
            if decay:
                v.sub_(p, alpha=weight_decay * rate)
            v.sub_(p.grad, alpha=rate)
            p.add_(v)


def augment(frames, idx, stored, size, choice, mean_crop, scale, pca_vectors, pca_values, lighting_std, generator, train):
    """Float32 [len(idx), 3, size, size] from uint8 [N, S, S, 3] frames as Sightline's training makes it: a crop (offsets
    uniform in 0..S-I, or the centre), a mirror with probability 1/2 (paper), PCA lighting delta = 255 sum_i p_i a_i
    lambda_i with a_i ~ N(0, lighting_std) (paper, no-flips), minus the centre crop of the mean image, times the scale."""
    out = torch.empty((len(idx), 3, size, size), dtype=torch.float32)
    for j, i in enumerate(idx):
        if train and choice != "none":
            x, y = (int(v) for v in torch.randint(0, stored - size + 1, (2,), generator=generator))
        else:
            x = y = (stored - size) // 2
        crop = frames[i, y:y + size, x:x + size, :].permute(2, 0, 1).to(torch.float32)
        if train and choice == "paper" and int(torch.randint(0, 2, (1,), generator=generator)) == 1:
            crop = crop.flip(2)
        v = crop - mean_crop
        if train and choice in ("paper", "no-flips"):
            a = torch.randn(3, generator=generator, dtype=torch.float64) * lighting_std
            delta = 255.0 * (pca_vectors.T @ (a * pca_values))
            v = v + delta.to(torch.float32).view(3, 1, 1)
        out[j] = v * scale
    return out


def _varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _field(number, payload):
    return _varint((number << 3) | 2) + _varint(len(payload)) + payload


def export_onnx(net, path, metadata, opset=17):
    """ONNX in Sightline's layout (grouped Conv, Split/LRN/Concat per tower, MaxPool, Flatten, Gemm; input "input",
    output "logits") with Sightline's metadata_props. A protobuf message may be extended by appending fields, so the
    metadata entries (ModelProto field 14: StringStringEntryProto key 1, value 2) are appended to torch's bytes."""
    was_training = net.training
    net.eval()
    net.onnx_export = True
    try:
        size = net.spec["inputSize"]
        buffer = io.BytesIO()
        torch.onnx.export(net, torch.zeros(1, 3, size, size), buffer, input_names=["input"], output_names=["logits"],
                          dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}}, opset_version=opset, do_constant_folding=True)
    finally:
        net.onnx_export = False
        net.train(was_training)
    data = buffer.getvalue()
    for key, value in metadata.items():
        data += _field(14, _field(1, key.encode("utf-8")) + _field(2, value.encode("utf-8")))
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    import os
    os.replace(tmp, path)
