"""Builds Sources/CBundledData/csv/digits-frozen.csv: frozen "backbone" features of the bundled
digits, for the MS paper's setting in miniature (a network trained on some classes supplies the
features; an embedding head is trained on those classes and evaluated on classes it never saw).

The backbone is a small CNN on the 8x8 digit images (the 64 pixel columns of digits.csv, 0-16),
trained with cross-entropy on digits 0-4 ONLY; its 32 penultimate activations (after ReLU) are
written for all 1,797 images, rounded to 4 decimals. gpw's default split for digits-frozen trains
on 0-4 and evaluates on 5-9, which the backbone has never seen.

    /work/venv-ref/bin/python scripts/frozen/make_digits_frozen.py

Deterministic on one machine and torch build: fixed seed, one thread, deterministic algorithms.
Source data: UCI Optical Recognition of Handwritten Digits (E. Alpaydin, C. Kaynak, 1998; CC BY 4.0)
as shipped with scikit-learn (BSD-3-Clause): the same file gpw bundles as digits.csv.
"""
import csv
import os

import numpy as np
import torch

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
SOURCE = os.path.join(ROOT, "Sources", "CBundledData", "csv", "digits.csv")
TARGET = os.path.join(ROOT, "Sources", "CBundledData", "csv", "digits-frozen.csv")
SEEN = [0, 1, 2, 3, 4]

torch.manual_seed(0)
torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)

with open(SOURCE) as f:
    rows = list(csv.reader(f))
header, body = rows[0], rows[1:]
label_column = header.index("label")
pixel_columns = [i for i, name in enumerate(header) if name.startswith("p")]
labels = np.array([int(r[label_column]) for r in body])
pixels = np.array([[float(r[i]) for i in pixel_columns] for r in body], dtype=np.float32) / 16.0
images = torch.tensor(pixels).reshape(-1, 1, 8, 8)


class Backbone(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.features = torch.nn.Sequential(
            torch.nn.Conv2d(1, 16, 3, padding=1), torch.nn.ReLU(),
            torch.nn.Conv2d(16, 32, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
            torch.nn.Flatten(), torch.nn.Linear(32 * 4 * 4, 32), torch.nn.ReLU())
        self.classifier = torch.nn.Linear(32, len(SEEN))

    def forward(self, x):
        return self.classifier(self.features(x))


seen = np.isin(labels, SEEN)
x_seen, y_seen = images[seen], torch.tensor(labels[seen])
model = Backbone()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
generator = torch.Generator().manual_seed(0)
for epoch in range(40):
    order = torch.randperm(len(y_seen), generator=generator)
    for start in range(0, len(order), 64):
        batch = order[start:start + 64]
        optimizer.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(x_seen[batch]), y_seen[batch])
        loss.backward()
        optimizer.step()
model.eval()
with torch.no_grad():
    accuracy = (model(x_seen).argmax(1) == y_seen).float().mean().item()
    features = model.features(images).numpy()

with open(TARGET, "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["label"] + [f"f{k}" for k in range(features.shape[1])])
    for label, row in zip(labels, features):
        w.writerow([int(label)] + [f"{v:.4f}".rstrip("0").rstrip(".") if v != 0 else "0" for v in row])
print(f"torch {torch.__version__}; seen-class training accuracy {accuracy:.4f}; "
      f"{features.shape[0]} rows x {features.shape[1]} features -> {os.path.normpath(TARGET)}")
