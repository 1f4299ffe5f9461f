#!/usr/bin/env python3
"""Reference fixtures for four successors of the MS paper's losses (issue 17): CircleLoss,
NTXentLoss, SupConLoss and TupletMarginLoss of pytorch-metric-learning (PML), in float64.

Same method and case format as generate_fixtures.py (whose helpers this imports): G = dL/dS by
the leaf-S trick (a CosineSimilarity subclass returning a fixed leaf S to one-hot embeddings),
dL/dx by the plain path on the raw embeddings, cross-checked by the chain rule, and a fragility
check (embeddings perturbed by 1e-9 must not move G by more than 1e-6 relative).

Batches: the small (N <= 10) batches of generate_fixtures.build_batches (unnormalised rows,
single-sample classes, near-duplicates, tight and well-separated classes), plus batches built here
with exact ties and S = +-1: duplicate rows (a scaled copy, same class and other class) and
antipodal rows (a negated copy). Every `reproduces` claim's exact call appears in the rotation.

Where gpw deliberately differs: TupletMarginLoss on a positive pair with S = +-1 (or within 1e-9
of it) -- PML's arccos backward is infinite there (NaN in dL/dx), gpw gives that pair's margin term
zero slope -- so such (batch, call) combinations are not recorded (the script reports them).

Usage:  /work/venv-ref/bin/python scripts/reference/generate_fixtures_successors_a.py [--out PATH]
"""

import argparse
import json
import os
import platform
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate_fixtures as gf  # noqa: E402
import pytorch_metric_learning  # noqa: E402
from pytorch_metric_learning import losses as pml_losses  # noqa: E402

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)

SEED = 20200617
DEFAULT_OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Tests", "PairWeightingTests",
                           "Fixtures", "successors-a-cases.json")
fmt = gf.fmt


def ref_circle(m, g, bare=False):
    call = "CircleLoss()" if bare else "CircleLoss(m=%s, gamma=%s)" % (fmt(m), fmt(g))
    spec = "circle" if bare else "circle:m=%s,gamma=%s" % (fmt(m), fmt(g))
    return gf.Ref("pml.CircleLoss", spec, call, dict(m=m, gamma=g),
                  make=lambda dist: (pml_losses.CircleLoss(m=m, gamma=g, distance=dist()), None))


def ref_ntxent(t, explicit_distance=False):
    call = "NTXentLoss(temperature=%s%s)" % (fmt(t), ", distance=CosineSimilarity()" if explicit_distance else "")
    return gf.Ref("pml.NTXentLoss", "ntxent:temperature=%s" % fmt(t), call, dict(temperature=t),
                  make=lambda dist: (pml_losses.NTXentLoss(temperature=t, distance=dist()), None))


def ref_supcon(t, explicit_distance=False):
    call = "SupConLoss(temperature=%s%s)" % (fmt(t), ", distance=CosineSimilarity()" if explicit_distance else "")
    return gf.Ref("pml.SupConLoss", "supcon:temperature=%s" % fmt(t), call, dict(temperature=t),
                  make=lambda dist: (pml_losses.SupConLoss(temperature=t, distance=dist()), None))


def ref_tuplet(margin, scale):
    return gf.Ref("pml.TupletMarginLoss", "tuplet-margin:margin=%s,scale=%s" % (fmt(margin), fmt(scale)),
                  "TupletMarginLoss(margin=%s, scale=%s)" % (fmt(margin), fmt(scale)), dict(margin=margin, scale=scale),
                  make=lambda dist: (pml_losses.TupletMarginLoss(margin=margin, scale=scale, distance=dist()), None))


# Per loss, the settings in rotation; the claimed calls (LossKind.reproduces) come first.
ROTATION = {
    "circle": [lambda: ref_circle(0.4, 80), lambda: ref_circle(0.25, 256), lambda: ref_circle(0.4, 80, bare=True),
               lambda: ref_circle(0.1, 16), lambda: ref_circle(0.6, 32)],
    "ntxent": [lambda: ref_ntxent(0.07), lambda: ref_ntxent(0.1), lambda: ref_ntxent(0.5, True),
               lambda: ref_ntxent(0.02), lambda: ref_ntxent(1.0)],
    "supcon": [lambda: ref_supcon(0.1), lambda: ref_supcon(0.07), lambda: ref_supcon(0.5, True),
               lambda: ref_supcon(0.2), lambda: ref_supcon(2.0)],
    "tuplet": [lambda: ref_tuplet(5.73, 64), lambda: ref_tuplet(10, 32), lambda: ref_tuplet(0, 16),
               lambda: ref_tuplet(20, 8), lambda: ref_tuplet(2, 128)],
}


def special_batches(rng):
    """Exact ties and S = +-1: duplicate and antipodal rows, unnormalised."""
    out = []

    def add(bid, x, y, note, tags=()):
        out.append(dict(id=bid, x=np.asarray(x, dtype=np.float64), labels=np.asarray(y, dtype=np.int64), note=note,
                        tags=set(tags)))

    x, y = gf.clustered_batch(rng, [3, 3], 5, 0.8, shuffle=False)
    x[1] = 2.0 * x[0]                 # duplicate positive
    x[5] = -0.5 * x[0]                # antipodal negative
    add("dup-pos-anti-neg-d5", x, y, "row 1 = 2 x row 0 (a positive at S = 1), row 5 = -row 0 / 2 (a negative at S = -1)",
        ["dup"])
    x, y = gf.clustered_batch(rng, [2, 3, 2], 4, 0.8, shuffle=False)
    x[2] = 3.0 * x[0]                 # duplicate negative
    x[6] = -x[3]                      # antipodal negative
    add("dup-neg-anti-neg-d4", x, y, "row 2 = 3 x row 0 (a negative at S = 1), row 6 = -row 3 (a negative at S = -1)")
    x, y = gf.clustered_batch(rng, [3, 2], 3, 0.8, shuffle=False)
    x[1] = -x[0]                      # antipodal positive
    x[4] = x[3] * 0.25                # duplicate positive
    add("anti-pos-dup-pos-d3", x, y, "row 1 = -row 0 (a positive at S = -1), row 4 = row 3 / 4 (a positive at S = 1)",
        ["dup"])
    # ties: two copies of each row, every class with one singleton
    base, yb = gf.clustered_batch(rng, [2, 2, 1], 6, 1.0, shuffle=False)
    add("ties-d6", np.concatenate([base, 1.5 * base]), np.concatenate([yb, yb + 3]),
        "each row repeated (scaled) under another label: exact ties among negatives", [])
    return out


def near_unit_positive(x, y):
    S = gf.cosine_matrix(x)
    same = (y.unsqueeze(0) == y.unsqueeze(1)) & ~torch.eye(len(y), dtype=torch.bool)
    return bool((same & (S.abs() > 1 - 1e-9)).any())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=DEFAULT_OUT)
    args = ap.parse_args()
    rng = np.random.default_rng(SEED)
    batches = [b for b in gf.build_batches(rng) if len(b["labels"]) <= 10]
    batches += special_batches(rng)
    keys = list(ROTATION)
    cases, dropped = [], []
    for index, batch in enumerate(batches):
        x = torch.from_numpy(batch["x"])
        y = torch.from_numpy(batch["labels"])
        for key in keys:
            rotation = ROTATION[key]
            # start this batch's rotation where the last one stopped; take the first robust setting
            for t in range(len(rotation)):
                ref = rotation[(index + t) % len(rotation)]()
                if key == "tuplet" and near_unit_positive(x, y):
                    dropped.append("%s %s: a positive within 1e-9 of S = +-1 (arccos slope unbounded)" % (batch["id"], ref.call))
                    break
                try:
                    res = gf.evaluate(ref, x, y, rng)
                except AssertionError as e:
                    dropped.append("%s %s: %s" % (batch["id"], ref.call, "non-finite or inconsistent in PML (%s)" % (e,)))
                    continue
                if res["fragile"]:
                    dropped.append("%s %s: fragile" % (batch["id"], ref.call))
                    continue
                cases.append(gf.make_case(batch, ref, res, {}))
                break
    counts = {}
    for c in cases:
        counts[c["call"]] = counts.get(c["call"], 0) + 1
    out = {
        "generator": "scripts/reference/generate_fixtures_successors_a.py (seed %d)" % SEED,
        "versions": {"python": platform.python_version(), "torch": torch.__version__,
                     "pytorch_metric_learning": pytorch_metric_learning.__version__, "numpy": np.__version__},
        "dtype": "float64",
        "conventions": {"gradient": "G[i][j] = dL/dS[i][j], row = anchor; the diagonal is 0",
                        "embedding_gradient": "dL/dx for the raw (unnormalised) embeddings"},
        "counts": counts,
        "not_recorded": dropped,
        "cases": cases,
    }
    with open(args.out, "w") as fh:
        json.dump(out, fh, separators=(",", ":"))
        fh.write("\n")
    print("wrote %d cases from %d batches to %s (%.0f KB)" % (len(cases), len(batches), args.out,
                                                            os.path.getsize(args.out) / 1e3))
    for k in sorted(counts):
        print("  %-60s %d" % (k, counts[k]))
    for d in dropped:
        print("  not recorded: " + d)
    return 0


if __name__ == "__main__":
    sys.exit(main())
