#!/usr/bin/env python3
"""The peer of `sightline bench data`: PyTorch's DataLoader with torchvision transforms on the same image files.

Per image, what a PyTorch user writes for AlexNet's input: decode the file (PIL), short side to the stored size S and
centre crop S x S (Sightline does this once, into its frame cache), then every epoch a random I x I crop, a horizontal
flip with probability 1/2, conversion to float CHW and per-channel normalisation. Batches are shuffled and the last
partial batch is dropped, as Sightline's training does. PyTorch and torchvision only.

Usage: bench_data_torch.py LIST.json OUT.json
LIST.json: {"files": [paths], "storedSize": S, "inputSize": I, "batch": B, "batches": N, "workers": W,
            "mean": [3], "std": [3]}   (per-channel, 0..1: the dataset's statistics, as Sightline normalises with)
OUT.json:  {"torch", "torchvision", "imagesPerSecond", "images", "batches", "workers", "seconds"}
The clock starts before the first batch is asked for, so worker start-up counts, as it does in Sightline's figure.
"""
import json
import sys
import time

import torch
import torchvision
from PIL import Image
from torch.utils.data import DataLoader, Dataset
from torchvision import transforms


class Files(Dataset):
    def __init__(self, files, transform):
        self.files = files
        self.transform = transform

    def __len__(self):
        return len(self.files)

    def __getitem__(self, i):
        with Image.open(self.files[i]) as im:
            return self.transform(im.convert("RGB")), 0


def main(list_path, out_path):
    job = json.load(open(list_path))
    s, n = int(job["storedSize"]), int(job["inputSize"])
    transform = transforms.Compose([
        transforms.Resize(s),
        transforms.CenterCrop(s),
        transforms.RandomCrop(n),
        transforms.RandomHorizontalFlip(),
        transforms.ToTensor(),
        transforms.Normalize(job["mean"], job["std"]),
    ])
    files = job["files"]
    batch = min(int(job["batch"]), len(files))
    wanted, workers = int(job["batches"]), int(job["workers"])
    torch.set_num_threads(1)
    loader = DataLoader(Files(files, transform), batch_size=batch, shuffle=True, drop_last=True, num_workers=workers,
                        persistent_workers=workers > 0)
    images = taken = 0
    clock = time.perf_counter()
    while taken < wanted:
        for x, _ in loader:
            images += x.shape[0]
            taken += 1
            if taken >= wanted:
                break
    seconds = time.perf_counter() - clock
    json.dump({"torch": torch.__version__, "torchvision": torchvision.__version__, "imagesPerSecond": images / seconds,
               "images": images, "batches": taken, "workers": workers, "seconds": seconds}, open(out_path, "w"))
    print(f"PyTorch DataLoader: {images / seconds:.1f} images/s ({taken} batches of {batch}, {workers} workers)")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit("usage: bench_data_torch.py LIST.json OUT.json")
    main(sys.argv[1], sys.argv[2])
