#!/usr/bin/env python3
"""PyTorch's speed on the paper's AlexNet (Documentation~/network.md: two towers as groups, LRN per tower half), the bar Sightline's
CUDA engine is measured against (Documentation~/gpu.md). Synthetic data on the GPU; eager and torch.compile(mode="reduce-overhead").

Usage: bench_torch.py [--json OUT] [--budget SECONDS] [--measures a,b,...] [--modes eager,compiled]
Measures: train_fp32 train_tf32 train_bf16 infer_fp32 infer_tf32 infer_bf16 latency_tf32
Prints one line per result and writes {"torch": ..., "device": ..., "results": [{"measure", "mode", "img_s" | "ms"}],
"skipped": [...]} to OUT. A configuration that fails is recorded with its error; the others still run.
"""
import argparse
import json
import sys
import time
import traceback

import torch
import torch.nn as nn
import torch.nn.functional as F


class AlexNet(nn.Module):
    def __init__(self, classes=1000):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 96, 11, 4, 2)
        self.conv2 = nn.Conv2d(96, 256, 5, 1, 2, groups=2)
        self.conv3 = nn.Conv2d(256, 384, 3, 1, 1)
        self.conv4 = nn.Conv2d(384, 384, 3, 1, 1, groups=2)
        self.conv5 = nn.Conv2d(384, 256, 3, 1, 1, groups=2)
        self.fc6 = nn.Linear(9216, 4096)
        self.fc7 = nn.Linear(4096, 4096)
        self.fc8 = nn.Linear(4096, classes)

    @staticmethod
    def lrn(x):
        a, b = x.chunk(2, dim=1)
        return torch.cat([F.local_response_norm(a, 5, 1e-4, 0.75, 2.0), F.local_response_norm(b, 5, 1e-4, 0.75, 2.0)], dim=1)

    def forward(self, x):
        x = F.max_pool2d(self.lrn(F.relu(self.conv1(x))), 3, 2)
        x = F.max_pool2d(self.lrn(F.relu(self.conv2(x))), 3, 2)
        x = F.relu(self.conv3(x))
        x = F.relu(self.conv4(x))
        x = F.max_pool2d(F.relu(self.conv5(x)), 3, 2)
        x = torch.flatten(x, 1)
        x = F.dropout(F.relu(self.fc6(x)), 0.5, self.training)
        x = F.dropout(F.relu(self.fc7(x)), 0.5, self.training)
        return self.fc8(x)


CONFIGS = {
    # measure: (train?, batch, precision)
    "train_fp32": (True, 128, "fp32"),
    "train_tf32": (True, 128, "tf32"),
    "train_bf16": (True, 256, "bf16"),
    "infer_fp32": (False, 128, "fp32"),
    "infer_tf32": (False, 128, "tf32"),
    "infer_bf16": (False, 256, "bf16"),
    "latency_tf32": (False, 1, "tf32"),
}


def set_precision(precision):
    tf32 = precision != "fp32"
    torch.backends.cuda.matmul.allow_tf32 = tf32
    torch.backends.cudnn.allow_tf32 = tf32
    torch.backends.cudnn.benchmark = True


def run(measure, mode, warmup, iters):
    train, batch, precision = CONFIGS[measure]
    set_precision(precision)
    dev = torch.device("cuda")
    model = AlexNet().to(dev)
    channels_last = precision == "bf16"
    if channels_last:
        model = model.to(memory_format=torch.channels_last)
    x = torch.randn(batch, 3, 224, 224, device=dev)
    if channels_last:
        x = x.to(memory_format=torch.channels_last)
    y = torch.randint(0, 1000, (batch,), device=dev)
    fn = torch.compile(model, mode="reduce-overhead") if mode == "compiled" else model
    autocast = torch.autocast("cuda", dtype=torch.bfloat16, enabled=precision == "bf16")
    if train:
        model.train()
        opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=5e-4)

        def step():
            with autocast:
                loss = F.cross_entropy(fn(x), y)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
    else:
        model.eval()

        def step():
            with torch.inference_mode(), autocast:
                fn(x)
    for _ in range(warmup):
        step()
    torch.cuda.synchronize()
    if batch == 1:
        times = []
        for _ in range(iters):
            t = time.perf_counter()
            step()
            torch.cuda.synchronize()
            times.append(time.perf_counter() - t)
        times.sort()
        return {"measure": measure, "mode": mode, "ms": 1000 * times[len(times) // 2]}
    t = time.perf_counter()
    for _ in range(iters):
        step()
    torch.cuda.synchronize()
    elapsed = time.perf_counter() - t
    return {"measure": measure, "mode": mode, "img_s": iters * batch / elapsed}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--json")
    ap.add_argument("--budget", type=float, default=150.0, help="seconds; configurations not started by then are skipped")
    ap.add_argument("--measures", default="train_fp32,train_tf32,infer_fp32,infer_tf32,latency_tf32")
    ap.add_argument("--modes", default="eager,compiled")
    ap.add_argument("--iters", type=int, default=20)
    args = ap.parse_args()
    start = time.time()
    out = {"torch": torch.__version__, "device": torch.cuda.get_device_name(0) if torch.cuda.is_available() else None, "results": [], "skipped": []}
    for mode in args.modes.split(","):
        for measure in args.measures.split(","):
            if time.time() - start > args.budget:
                out["skipped"].append(f"{measure}/{mode}: time budget of {args.budget:.0f} s spent")
                continue
            try:
                iters = 200 if CONFIGS[measure][1] == 1 else args.iters
                r = run(measure, mode, warmup=5 if mode == "eager" else 8, iters=iters)
            except Exception as e:  # one failing configuration must not stop the others
                r = {"measure": measure, "mode": mode, "error": f"{type(e).__name__}: {e}"}
                traceback.print_exc(file=sys.stderr)
            out["results"].append(r)
            print(json.dumps(r), flush=True)
            torch.cuda.empty_cache()
    if args.json:
        json.dump(out, open(args.json, "w"), indent=1)


if __name__ == "__main__":
    main()
