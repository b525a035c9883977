#!/usr/bin/env python3
"""Writes the real 8x8 handwritten digits that scikit-learn ships (sklearn.datasets.load_digits: 1797 images of
10 digits, scanned from 43 writers; no download) as an ImageFolder tree for Sightline and PyTorch:
  OUT/<digit>/<index>.png   grey on RGB, upscaled from 8x8 to SIZE x SIZE (default 110, the mini network's stored
                            size) with bilinear interpolation
A good case for `--augment no-flips`: a mirrored 2 or 7 is not a digit.
Usage: export_digits.py OUT [SIZE]
"""
import os
import sys

import numpy as np
from PIL import Image
from sklearn.datasets import load_digits


def main(out, size):
    digits = load_digits()
    for index, (image, label) in enumerate(zip(digits.images, digits.target)):
        folder = os.path.join(out, str(int(label)))
        os.makedirs(folder, exist_ok=True)
        grey = np.clip(image * (255.0 / 16.0), 0, 255).astype(np.uint8)
        picture = Image.fromarray(grey, mode="L").resize((size, size), Image.BILINEAR).convert("RGB")
        picture.save(os.path.join(folder, f"{index:04d}.png"))
    print(f"wrote {len(digits.images)} digits to {out} at {size}x{size}")


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        raise SystemExit("usage: export_digits.py OUT [SIZE]")
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) == 3 else 110)
