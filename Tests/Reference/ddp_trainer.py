#!/usr/bin/env python3
"""Train a Sightline network on a PyTorch DDP cluster and hand it back (PyTorch only; Documentation~/cluster.md).

The job folder comes from `sightline export-manifest --data DIR --out JOB [--model CKPT]` (manifest.json, params.bin,
momentum.bin, mean.bin: Sightline's split of a Sightline dataset or ImageFolder, the network, its starting weights and
momentum, the input statistics and the recipe). Launch with torchrun, one process per GPU (nccl) or per CPU slot (gloo):

  torchrun --nproc_per_node 2 ddp_trainer.py train --job JOB --out OUT [--epochs N] [--batch GLOBAL] [--lr X] [--resume]
           [--data ROOT] [--backend auto|gloo|nccl] [--threads T] [--workers W] [--no-dropout] [--stop-at TOP1]

Training is Sightline's recipe (Documentation~/network.md): each epoch one shuffled order (the same on every process)
cut into global batches, each process taking its slice; per image a crop (offsets uniform in 0..S-I, or the centre), a
mirror with probability 1/2 (paper), PCA lighting with the dataset's eigenvectors (paper, no-flips), minus the centre
crop of the mean image, times the input scale; inverted dropout; mean softmax cross-entropy, gradients averaged over
all processes by DDP (so P processes x batch B is one step of batch P x B); SGD v = m v - wd lr w - lr g, w = w + v with
weight decay on weights only; plateau (divide by 10 when the validation top-1 error has not fallen by 1e-4 for
`patience` epochs), steps or cosine schedules. Validation (centre crops) is sharded over the processes.

OUT/checkpoint.pt is written after every epoch (atomically, by rank 0) and `--resume` continues it; OUT/best.pt holds
the state with the best validation top-1. At the end rank 0 writes, from the best state:
  model.onnx    Sightline's layout and metadata (labels, normalisation, spec) plus the training statistics and position
                ("sightline.training"): drop it into a Unity project as a model asset, or `sightline import` it to go on
                training locally;
  momentum.bin  float32 SGD momentum in Sightline's flat layout (`sightline import --momentum`);
  result.json   {"torch", "world", "backend", "history": [...], "bestValidationTop1", "testTop1", "seconds"}.

Two more modes, one process each, used by the checks:
  ddp_trainer.py classify --job JOB --state OUT/best.pt --out PROBS.json IMAGE...   softmax of each image's centre crop
  torchrun ... ddp_trainer.py step DIR   one SGD step on DIR/input.bin (the batch split over the processes) from
      DIR/params.bin with DIR/spec.json and DIR/sgd.json {"learningRate", "momentum", "weightDecay", "steps", "dtype"};
      rank 0 writes DIR/params_after.bin and DIR/momentum_after.bin (float32, flat layout).
"""
import argparse
import base64
import datetime
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.distributed as dist
import torch.nn.functional as F
from PIL import Image
from torch.nn.parallel import DistributedDataParallel

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sightline_network import SightlineNet, augment, export_onnx, sgd_step  # noqa: E402

TRAINING_KEY = "sightline.training"


def load_frame(path, size):
    """uint8 [S, S, 3]: the image as RGB, short side to S (bilinear) and centre-cropped when it is not S x S."""
    with Image.open(path) as im:
        im = im.convert("RGB")
        if im.size != (size, size):
            w, h = im.size
            scale = size / min(w, h)
            im = im.resize((max(size, round(w * scale)), max(size, round(h * scale))), Image.BILINEAR)
            left, top = (im.size[0] - size) // 2, (im.size[1] - size) // 2
            im = im.crop((left, top, left + size, top + size))
        return torch.from_numpy(np.asarray(im, dtype=np.uint8).copy())


class Job:
    """manifest.json and its binaries."""

    def __init__(self, folder, data_root=None):
        self.folder = folder
        self.manifest = json.load(open(os.path.join(folder, "manifest.json")))
        if self.manifest.get("format") != 1:
            raise SystemExit(f"{folder}/manifest.json: format {self.manifest.get('format')} is not 1; write it again with this version's sightline export-manifest")
        self.root = data_root or self.manifest["dataRoot"]
        self.spec = self.manifest["spec"]
        self.stored, self.size = self.manifest["storedSize"], self.manifest["inputSize"]
        self.params = np.fromfile(os.path.join(folder, "params.bin"), dtype=np.float32)
        self.momentum = np.fromfile(os.path.join(folder, "momentum.bin"), dtype=np.float32)
        if len(self.params) != self.spec["parameters"] or len(self.momentum) != len(self.params):
            raise SystemExit(f"{folder}: params.bin/momentum.bin hold {len(self.params)}/{len(self.momentum)} values; the network has {self.spec['parameters']}")
        # The model's mean: the centre crop of the training frames' mean image, CHW at the input size.
        self.mean_image = np.fromfile(os.path.join(folder, "mean.bin"), dtype=np.float32)
        if len(self.mean_image) != 3 * self.size * self.size:
            raise SystemExit(f"{folder}: mean.bin holds {len(self.mean_image)} values; 3x{self.size}x{self.size} needs {3 * self.size * self.size}")
        st = self.manifest["statistics"]
        self.mean_crop = torch.from_numpy(self.mean_image.reshape(3, self.size, self.size).copy()).contiguous()
        self.scale = float(st["inputScale"])
        self.pca_vectors = torch.tensor(st["pcaVectors"], dtype=torch.float64).view(3, 3)  # row i: eigenvector i
        self.pca_values = torch.tensor(st["pcaValues"], dtype=torch.float64)
        self.recipe = self.manifest["recipe"]

    def items(self, split):
        return self.manifest[split]

    def input(self, frames, idx, generator, train):
        r = self.recipe
        return augment(frames, idx, self.stored, self.size, r["augmentation"], self.mean_crop, self.scale, self.pca_vectors,
                       self.pca_values, float(r["lightingStd"]), generator, train)


class Frames(torch.utils.data.Dataset):
    """Decoded stored frames, by index into a split's items (decoded on the data loader's workers)."""

    def __init__(self, job, items):
        self.job, self.items = job, items

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        path, label = self.items[i]
        return load_frame(os.path.join(self.job.root, path), self.job.stored), label


def frames_of(dataset, indices, workers):
    """uint8 [n, S, S, 3] and labels for the given indices, decoded by `workers` processes."""
    subset = torch.utils.data.Subset(dataset, indices)
    loader = torch.utils.data.DataLoader(subset, batch_size=max(1, len(indices)), num_workers=workers)
    for frames, labels in loader:
        return frames, labels
    return torch.empty((0, dataset.job.stored, dataset.job.stored, 3), dtype=torch.uint8), torch.empty(0, dtype=torch.int64)


def rate_for(r, state, epoch, b, steps, epochs):
    if r["schedule"] != "cosine":
        return state["rate"]
    base, step, warm, total = float(r["baseLearningRate"]), epoch * steps + b, int(r["warmupEpochs"]) * steps, epochs * steps
    if step < warm:
        return base * (step + 1) / warm
    if total <= warm:
        return base
    return base * 0.5 * (1 + math.cos(math.pi * min(1.0, (step - warm) / (total - warm))))


def end_epoch(r, state, epoch, error):
    """Sightline's LearningRateSchedule.EndEpoch (plateau, steps; cosine never drops)."""
    if error is not None:
        improved = error < state["best"] - 1e-4
        state["best"] = min(state["best"], error)
    else:
        improved = False
    state["since"] = 0 if improved else state["since"] + 1
    if r["schedule"] == "steps":
        drop = (epoch + 1) in r.get("stepEpochs", [])
    elif r["schedule"] == "plateau":
        drop = error is not None and state["since"] >= int(r["patience"]) and state["drops"] < int(r["maxDrops"])
    else:
        drop = False
    if drop:
        state["rate"] /= 10.0
        state["drops"] += 1
        state["since"] = 0
    return improved


def evaluate(net, job, dataset, rank, world, workers, device, batch=256):
    """Top-1 of the centre crops, sharded over the processes; (correct, count) summed over all of them."""
    mine = list(range(rank, len(dataset), world))
    correct = 0
    with torch.no_grad():
        for start in range(0, len(mine), batch):
            frames, labels = frames_of(dataset, mine[start:start + batch], workers)
            x = job.input(frames, range(len(labels)), None, False)
            correct += int((net(x.to(device)).argmax(1).cpu() == labels).sum())
    totals = torch.tensor([correct, len(mine)], dtype=torch.float64)
    if world > 1:
        dist.all_reduce(totals)
    return float(totals[0]), float(totals[1])


def save_state(path, state):
    tmp = path + ".tmp"
    torch.save(state, tmp)
    os.replace(tmp, path)


def training_metadata(job, state):
    """What `sightline import` needs to continue: the statistics and the recipe with the cluster's position."""
    recipe = dict(job.recipe)
    recipe.update({"epochsDone": state["epoch"], "step": state["step"], "learningRate": state["schedule"]["rate"],
                   "drops": state["schedule"]["drops"], "bestValidationError": state["schedule"]["best"],
                   "epochsSinceImprovement": state["schedule"]["since"], "epochs": state["epochs"], "batch": state["batch"],
                   "baseLearningRate": state["baseLearningRate"]})
    st = job.manifest["statistics"]
    return json.dumps({"meanImageSize": job.size, "meanImage": base64.b64encode(job.mean_image.astype("<f4").tobytes()).decode("ascii"),
                       "inputScale": st["inputScale"], "pcaVectors": st["pcaVectors"], "pcaValues": st["pcaValues"],
                       "recipe": recipe, "history": state["history"]})


def leave():
    """Every process leaves together, then exits at once.

    The barrier: a peer that exits while rank 0 still exports can leave rank 0 spinning in gloo. No
    destroy_process_group: under torch 1.13 it hangs now and then after all work is done (pytorch/pytorch#75097), which
    once held a finished run for 15 minutes; os._exit skips it and the interpreter's teardown, the files being written.
    """
    if not dist.is_initialized():
        return
    dist.barrier()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def setup(backend):
    world = int(os.environ.get("WORLD_SIZE", "1"))
    if backend == "auto":
        backend = "nccl" if torch.cuda.is_available() else "gloo"
    if world > 1 or "RANK" in os.environ:
        # A collective that waits longer than this raises instead of holding the run (and a CI job) forever.
        dist.init_process_group(backend, timeout=datetime.timedelta(seconds=int(os.environ.get("SIGHTLINE_DDP_TIMEOUT", "300"))))
    rank = dist.get_rank() if dist.is_initialized() else 0
    device = torch.device("cpu")
    if backend == "nccl":
        local = int(os.environ.get("LOCAL_RANK", "0"))
        torch.cuda.set_device(local)
        device = torch.device("cuda", local)
    return rank, world, backend, device


def train(args):
    rank, world, backend, device = setup(args.backend)
    torch.set_num_threads(max(1, args.threads))
    job = Job(args.job, args.data)
    r = job.recipe
    epochs = args.epochs or int(r["epochs"])
    global_batch = args.batch or int(r["batch"])
    if global_batch % world != 0:
        raise SystemExit(f"--batch {global_batch} does not divide among {world} processes")
    local = global_batch // world
    base_rate = args.lr or float(r["baseLearningRate"])

    net = SightlineNet(job.spec)
    if args.no_dropout:
        for layer in net.layers:
            if layer["kind"] == "Dropout":
                layer["dropProbability"] = 0.0
    os.makedirs(args.out, exist_ok=True)
    checkpoint_path, best_path = os.path.join(args.out, "checkpoint.pt"), os.path.join(args.out, "best.pt")
    if args.resume:
        if not os.path.exists(checkpoint_path):
            raise SystemExit(f"--resume: {checkpoint_path} does not exist")
        state = torch.load(checkpoint_path)
        epochs = args.epochs or state["epochs"]
    else:
        # The job's position: 0 for a new run, the checkpoint's epochs for a run continued from Sightline.
        rate = base_rate if args.lr or int(r["epochsDone"]) == 0 else float(r["learningRate"])
        state = {"epoch": int(r["epochsDone"]), "step": int(r["step"]), "params": torch.from_numpy(job.params.copy()),
                 "momentum": torch.from_numpy(job.momentum.copy()), "history": [],
                 "schedule": {"rate": rate, "best": float(r["bestValidationError"]), "since": int(r["epochsSinceImprovement"]), "drops": int(r["drops"])}}
    state.update({"epochs": epochs, "batch": global_batch, "baseLearningRate": base_rate})
    net.load_flat(state["params"])
    net.to(device)
    params = net.ordered_parameters()
    velocity = [torch.zeros_like(p) for p in params]
    flat_momentum = state["momentum"]
    for (layer, w, b), i in zip(net.parameter_layers(), range(0, len(params), 2)):
        velocity[i].copy_(flat_momentum[layer["weightOffset"]:layer["weightOffset"] + layer["weightCount"]].view_as(w))
        velocity[i + 1].copy_(flat_momentum[layer["biasOffset"]:layer["biasOffset"] + layer["biasCount"]])
    decays = [i % 2 == 0 for i in range(len(params))]
    model = DistributedDataParallel(net, device_ids=[device.index] if device.type == "cuda" else None) if dist.is_initialized() else net

    train_set, val_set, test_set = (Frames(job, job.items(s)) for s in ("train", "validation", "test"))
    steps = len(train_set) // global_batch
    if steps < 1:
        raise SystemExit(f"{len(train_set)} training frames do not fill one global batch of {global_batch}")
    seed = int(r["seed"])
    clock = time.time()
    for epoch in range(state["epoch"], epochs):
        net.train()
        order = torch.randperm(len(train_set), generator=torch.Generator().manual_seed(seed * 1000003 + epoch))
        generator = torch.Generator().manual_seed(seed * 7919 + epoch * 104729 + rank)
        # Dropout draws from torch's global generator: seeded per epoch and process, so a resumed run repeats the masks.
        torch.manual_seed(seed * 6151 + epoch * 130363 + rank * 17 + 1)
        loss_sum = 0.0
        for b in range(steps):
            rate = rate_for(r, state["schedule"], epoch, b, steps, epochs)
            mine = order[b * global_batch + rank * local:b * global_batch + (rank + 1) * local].tolist()
            frames, labels = frames_of(train_set, mine, args.workers)
            x = job.input(frames, range(len(labels)), generator, True).to(device)
            loss = F.cross_entropy(model(x), labels.to(device))
            for p in params:
                p.grad = None
            loss.backward()
            if not math.isfinite(float(loss)):
                raise SystemExit(f"the loss is {float(loss)} at epoch {epoch + 1}, step {b + 1}: try a lower learning rate than {rate}")
            sgd_step(params, velocity, decays, rate, float(r["momentum"]), float(r["weightDecay"]))
            loss_sum += float(loss)
            state["step"] += 1
        if r["schedule"] == "cosine":
            state["schedule"]["rate"] = rate
        net.eval()
        correct, count = evaluate(net, job, val_set, rank, world, args.workers, device)
        top1 = correct / count if count > 0 else None
        improved = end_epoch(r, state["schedule"], epoch, None if top1 is None else 1.0 - top1)
        state["history"].append({"epoch": epoch + 1, "trainLoss": loss_sum / steps, "validationTop1": top1, "learningRate": rate})
        state["epoch"] = epoch + 1
        state["params"] = net.flat().cpu()
        state["momentum"] = net.flat(velocity).cpu()
        if rank == 0:
            save_state(checkpoint_path, state)
            if improved or top1 is None or not os.path.exists(best_path):
                save_state(best_path, state)
            top = "none" if top1 is None else f"{100 * top1:.1f}%"
            print(f"epoch {epoch + 1}/{epochs}: loss {loss_sum / steps:.4f}, validation top-1 {top}, lr {rate:.3g} ({world} x batch {local}, {backend})", flush=True)
        if world > 1:
            dist.barrier()
        if args.stop_at is not None and top1 is not None and top1 >= args.stop_at:
            if rank == 0:
                print(f"validation top-1 {100 * top1:.1f}% reached {100 * args.stop_at:.1f}%: stopping", flush=True)
            break

    best = torch.load(best_path) if os.path.exists(best_path) else state
    net.load_flat(best["params"])
    net.eval()
    correct, count = evaluate(net, job, test_set, rank, world, args.workers, device)
    if rank == 0:
        net.cpu()
        metadata = dict(job.manifest["onnxMetadata"])
        metadata[TRAINING_KEY] = training_metadata(job, best)
        export_onnx(net, os.path.join(args.out, "model.onnx"), metadata)
        best["momentum"].numpy().astype("<f4").tofile(os.path.join(args.out, "momentum.bin"))
        tops = [h["validationTop1"] for h in best["history"] if h["validationTop1"] is not None]
        json.dump({"torch": torch.__version__, "world": world, "backend": backend, "history": state["history"],
                   "bestValidationTop1": max(tops) if tops else None, "testTop1": correct / count if count > 0 else None,
                   "testFrames": int(count), "seconds": time.time() - clock}, open(os.path.join(args.out, "result.json"), "w"), indent=1)
        print(f"wrote {os.path.join(args.out, 'model.onnx')}; test top-1 {'none' if count == 0 else f'{100 * correct / count:.1f}%'}", flush=True)
    leave()


def step(args):
    """One (or a few) SGD steps of the whole batch split over the processes, for the equivalence check."""
    rank, world, _, _ = setup("gloo")
    folder = args.dir
    spec = json.load(open(os.path.join(folder, "spec.json")))
    sgd = json.load(open(os.path.join(folder, "sgd.json")))
    dtype = torch.float64 if sgd.get("dtype") == "float64" else torch.float32
    torch.set_num_threads(1)
    n, size = int(sgd["batch"]), spec["inputSize"]
    if n % world != 0:
        raise SystemExit(f"batch {n} does not divide among {world} processes")
    x = torch.from_numpy(np.fromfile(os.path.join(folder, "input.bin"), dtype=np.float32).reshape(n, 3, size, size))
    y = torch.from_numpy(np.fromfile(os.path.join(folder, "labels.bin"), dtype=np.int32).astype(np.int64))
    local = n // world
    x, y = x[rank * local:(rank + 1) * local].to(dtype), y[rank * local:(rank + 1) * local]
    net = SightlineNet(spec)
    net.load_flat(np.fromfile(os.path.join(folder, "params.bin"), dtype=np.float32))
    net.to(dtype)
    for layer in net.layers:
        if layer["kind"] == "Dropout" and layer["dropProbability"] > 0:
            raise SystemExit("the step check runs without dropout: give a spec whose dropout probability is 0")
    model = DistributedDataParallel(net) if dist.is_initialized() else net
    params = net.ordered_parameters()
    velocity = [torch.zeros_like(p) for p in params]
    decays = [i % 2 == 0 for i in range(len(params))]
    for _ in range(int(sgd.get("steps", 1))):
        loss = F.cross_entropy(model(x), y)
        for p in params:
            p.grad = None
        loss.backward()
        sgd_step(params, velocity, decays, float(sgd["learningRate"]), float(sgd["momentum"]), float(sgd["weightDecay"]))
    if rank == 0:
        net.flat().numpy().astype("<f4").tofile(os.path.join(folder, "params_after.bin"))
        net.flat(velocity).numpy().astype("<f4").tofile(os.path.join(folder, "momentum_after.bin"))
    leave()


def classify(args):
    job = Job(args.job)
    net = SightlineNet(job.spec)
    net.load_flat(torch.load(args.state)["params"])
    net.eval()
    frames = torch.stack([load_frame(path, job.stored) for path in args.images])
    with torch.no_grad():
        probabilities = F.softmax(net(job.input(frames, range(len(args.images)), None, False)), dim=1)
    json.dump({"labels": job.manifest["labels"], "images": args.images, "probabilities": probabilities.tolist()}, open(args.out, "w"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    modes = parser.add_subparsers(dest="mode", required=True)
    t = modes.add_parser("train", help="train under torchrun (or as one process)")
    t.add_argument("--job", required=True, help="folder written by sightline export-manifest")
    t.add_argument("--out", required=True, help="folder for checkpoint.pt, best.pt, model.onnx, momentum.bin, result.json")
    t.add_argument("--data", help="the dataset's root on this machine (default: the manifest's dataRoot)")
    t.add_argument("--epochs", type=int, help="epochs in total (default: the manifest's)")
    t.add_argument("--batch", type=int, help="global batch, divided among the processes (default: the manifest's)")
    t.add_argument("--lr", type=float, help="base learning rate (default: the manifest's)")
    t.add_argument("--resume", action="store_true", help="continue OUT/checkpoint.pt")
    t.add_argument("--backend", default="auto", choices=["auto", "gloo", "nccl"], help="auto: nccl with CUDA, else gloo")
    t.add_argument("--threads", type=int, default=1, help="CPU threads per process")
    t.add_argument("--workers", type=int, default=0, help="image-decoding worker processes per process")
    t.add_argument("--no-dropout", action="store_true", help="train without dropout (for equivalence checks)")
    t.add_argument("--stop-at", type=float, help="stop once the validation top-1 reaches this fraction (as the demo stops at 0.95)")
    s = modes.add_parser("step", help="one SGD step for the equivalence check")
    s.add_argument("dir")
    c = modes.add_parser("classify", help="softmax of images' centre crops with a state's weights")
    c.add_argument("--job", required=True)
    c.add_argument("--state", required=True, help="checkpoint.pt or best.pt")
    c.add_argument("--out", required=True)
    c.add_argument("images", nargs="+")
    args = parser.parse_args()
    {"train": train, "step": step, "classify": classify}[args.mode](args)


if __name__ == "__main__":
    main()
