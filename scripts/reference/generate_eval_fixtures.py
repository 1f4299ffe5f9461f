#!/usr/bin/env python3
"""Reference fixtures for `gpw eval`: MAP@R, R-precision and precision@1 of random float64
embeddings, computed by pytorch-metric-learning 2.9.0's AccuracyCalculator, and the same three
numbers from `gpw eval --format json` on the same rows.

Writes Tests/GPWCommandsTests/Fixtures/eval/eval-cases.json (or --out) and prints, per metric, the
largest |gpw - PML| over the cases.

How PML is called (read from pytorch_metric_learning/utils/accuracy_calculator.py, 2.9.0):
- AccuracyCalculator(include=(map@r, r_precision, precision_at_1), k="max_bin_count").
  determine_k() then returns max over the query classes of (reference rows of the class) minus 1
  when the reference includes the queries, so every query's k-NN list is at least R long and
  MAP@R / R-precision use R = the number of reference rows of its class (less itself).
- The default knn_func is FaissKNN with faiss.IndexFlatL2. On L2-normalised rows the L2 order is
  the cosine order, so PML gets the rows normalised (in float64, before its float32 cast); gpw gets
  them raw and normalises itself.
- Same-set cases: get_accuracy(x, y, x, y, ref_includes_query=True); FaissKNN then searches k+1
  and drops each query's first hit (itself). Query/reference cases: get_accuracy(q, yq, r, yr,
  ref_includes_query=False).
- Lone queries (no same-class reference row other than themselves): get_lone_query_labels()
  builds not_lone_query_mask and every one of the three metrics averages over the not-lone
  queries only. They are skipped, not counted as 0.
- get_accuracy casts embeddings and labels to torch.float (float32), so PML ranks in float32.

No exact ties: the rows are continuous random values (rounded to 9 significant digits, and the
rounded values are the data). Because PML ranks in float32, a case is also redrawn when, for some
query, two neighbours that are adjacent in the float64 cosine order, of different relevance (one of
the query's class, one not) and within its first R+1 ranks, have cosines closer than TIE_GAP.

A third, independent float64 computation in numpy (`numpy_f64`) is stored too, as a cross-check.

Usage:  /work/venv-ref/bin/python scripts/reference/generate_eval_fixtures.py [--gpw PATH] [--out PATH]
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile

import numpy as np

import faiss
import torch
import pytorch_metric_learning
from pytorch_metric_learning.utils.accuracy_calculator import (AccuracyCalculator, get_label_match_counts,
                                                               get_lone_query_labels)

SEED = 20260318
TIE_GAP = 2e-6
METRICS = ("mean_average_precision_at_r", "r_precision", "precision_at_1")
GPW_KEYS = {"mean_average_precision_at_r": "map_at_r", "r_precision": "r_precision",
            "precision_at_1": "precision_at_1"}
DEFAULT_OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Tests",
                           "GPWCommandsTests", "Fixtures", "eval", "eval-cases.json")

# (id, kind, sizes, D, classes, extra). Sizes: N for "same"; (Nq, Nr) for "qr".
# extra: singletons = number of classes forced to one row; spread = cluster noise (None: labels
# unrelated to the rows); q_only / r_only = classes present only in the queries / the reference.
SPECS = [
    ("same-n20-d2-c3", "same", 20, 2, 3, dict(spread=1.0)),
    ("same-n40-d8-c5-single2", "same", 40, 8, 5, dict(spread=1.2, singletons=2)),
    ("same-n60-d3-c12-single3", "same", 60, 3, 12, dict(spread=1.5, singletons=3)),
    ("same-n120-d4-c6", "same", 120, 4, 6, dict(spread=0.8)),
    ("same-n300-d4-c10-single2", "same", 300, 4, 10, dict(spread=1.0, singletons=2)),
    ("same-n80-d16-c8-wide", "same", 80, 16, 8, dict(spread=2.5)),
    ("same-n150-d2-c3-unrelated", "same", 150, 2, 3, dict(spread=None)),
    ("qr-q30-r50-d6-c4", "qr", (30, 50), 6, 4, dict(spread=1.0)),
    ("qr-q60-r100-d10-c8-qonly-ronly", "qr", (60, 100), 10, 8, dict(spread=1.2, q_only=2, r_only=1)),
    ("qr-q25-r20-d3-c5-rsingle", "qr", (25, 20), 3, 5, dict(spread=1.0, singletons=2)),
    ("qr-q100-r200-d5-c12", "qr", (100, 200), 5, 12, dict(spread=1.5, q_only=1)),
    ("qr-q40-r40-d12-c6-unrelated", "qr", (40, 40), 12, 6, dict(spread=None, singletons=1)),
]


def sizes_for(rng, n, c, singletons):
    """Class sizes summing to n: `singletons` classes of size 1, the others at least 2 (unequal)."""
    rest = c - singletons
    extra = n - singletons - 2 * rest
    assert extra >= 0
    parts = 2 + rng.multinomial(extra, rng.dirichlet(np.ones(rest)))
    return [1] * singletons + [int(v) for v in parts]


def draw_rows(rng, labels, d, means, spread):
    if spread is None:
        return rng.normal(size=(len(labels), d))
    x = means[labels] + spread * rng.normal(size=(len(labels), d))
    # Unnormalised rows: scale each by a random factor, which cosine ignores.
    return x * rng.uniform(0.3, 4.0, size=(len(labels), 1))


def round9(x):
    return np.array([float("%.9g" % v) for v in x.ravel()]).reshape(x.shape)


def normalise(x):
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def ranking(q, yq, r, yr, same):
    """Float64 cosine rankings: for each query, reference indices best first (self removed when
    `same`; ties to the lower row, as gpw), and R per query."""
    s = normalise(q) @ normalise(r).T
    out = []
    for i in range(len(q)):
        idx = np.arange(len(r))
        if same:
            idx = idx[idx != i]
        order = idx[np.lexsort((idx, -s[i, idx]))]
        out.append((order, s[i, order], int(np.sum(yr[order] == yq[i]))))
    return out


def near_tie(rank, yq, yr):
    worst = np.inf
    for i, (order, sims, big_r) in enumerate(rank):
        if big_r == 0:
            continue
        top = min(big_r + 1, len(order))
        rel = yr[order[:top]] == yq[i]
        gaps = sims[:top - 1] - sims[1:top]
        diff = rel[:-1] != rel[1:]
        if np.any(diff):
            worst = min(worst, float(np.min(gaps[diff])))
    return worst


def numpy_metrics(rank, yq, yr):
    maps, rps, p1s = [], [], []
    for i, (order, _, big_r) in enumerate(rank):
        if big_r == 0:
            continue
        hit = (yr[order[:big_r]] == yq[i]).astype(float)
        prec = np.cumsum(hit) / np.arange(1, big_r + 1)
        maps.append(float(np.sum(prec * hit) / big_r))
        rps.append(float(hit.sum() / big_r))
        p1s.append(float(hit[0]))
    return {"mean_average_precision_at_r": float(np.mean(maps)), "r_precision": float(np.mean(rps)),
            "precision_at_1": float(np.mean(p1s)), "queries_counted": len(maps)}


def pml_metrics(q, yq, r, yr, same):
    calc = AccuracyCalculator(include=METRICS, k="max_bin_count")
    qn, rn = normalise(q), normalise(r)
    if same:
        res = calc.get_accuracy(qn, yq, qn, yq, True)
    else:
        res = calc.get_accuracy(qn, yq, rn, yr, False)
    out = {m: float(res[m]) for m in METRICS}
    # The queries PML averages over: its own not_lone_query_mask, made the way get_accuracy makes it.
    tq, tr = torch.tensor(yq, dtype=torch.float), torch.tensor(yq if same else yr, dtype=torch.float)
    counts = get_label_match_counts(tq, tr, torch.eq)
    _, mask = get_lone_query_labels(tq, counts, same, torch.eq)
    out["queries_counted"] = int(mask.sum())
    return out


def run_gpw(gpw, q, yq, r, yr, same, tmp):
    if same:
        f = os.path.join(tmp, "data.npz")
        np.savez(f, x=q, y=yq)
        args = [gpw, "eval", "--data", f, "--format", "json"]
    else:
        fq, fr = os.path.join(tmp, "query.npz"), os.path.join(tmp, "reference.npz")
        np.savez(fq, x=q, y=yq)
        np.savez(fr, x=r, y=yr)
        args = [gpw, "eval", "--query", fq, "--reference", fr, "--format", "json"]
    p = subprocess.run(args, capture_output=True, text=True)
    if p.returncode != 0:
        return {"error": "exit %d: %s" % (p.returncode, p.stderr.strip()[:400])}
    j = json.loads(p.stdout)
    out = {m: j[GPW_KEYS[m]] for m in METRICS}
    out["queries_counted"] = j.get("queries")
    return out


def build_case(rng, spec):
    cid, kind, sizes, d, c, extra = spec
    spread = extra.get("spread")
    singles = extra.get("singletons", 0)
    means = rng.normal(size=(c, d)) * 2.0
    if kind == "same":
        cs = sizes_for(rng, sizes, c, singles)
        y = np.repeat(np.arange(c), cs)
        rng.shuffle(y)
        x = round9(draw_rows(rng, y, d, means, spread))
        return dict(id=cid, kind=kind, x=x, y=y, r=None, yr=None)
    nq, nr = sizes
    q_only, r_only = extra.get("q_only", 0), extra.get("r_only", 0)
    shared = c - q_only - r_only
    q_classes = list(range(shared)) + list(range(shared, shared + q_only))
    r_classes = list(range(shared)) + list(range(shared + q_only, c))
    # Reference: `singles` of its classes get one row.
    cr = sizes_for(rng, nr, len(r_classes), singles)
    yr = np.repeat(np.array(r_classes), cr)
    yq = np.array(q_classes)[rng.integers(0, len(q_classes), size=nq)]
    yq[:len(q_classes)] = q_classes  # every query class appears
    rng.shuffle(yr)
    rng.shuffle(yq)
    x = round9(draw_rows(rng, yq, d, means, spread))
    r = round9(draw_rows(rng, yr, d, means, spread))
    return dict(id=cid, kind=kind, x=x, y=yq, r=r, yr=yr)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gpw", default="gpw", help="the gpw binary (default: gpw on PATH)")
    ap.add_argument("--out", default=DEFAULT_OUT)
    a = ap.parse_args()

    torch.set_num_threads(1)
    faiss.omp_set_num_threads(1)
    rng = np.random.default_rng(SEED)
    cases = []
    worst = {m: 0.0 for m in METRICS}
    worst_np = {m: 0.0 for m in METRICS}
    with tempfile.TemporaryDirectory() as tmp:
        for spec in SPECS:
            for attempt in range(200):
                c = build_case(rng, spec)
                same = c["kind"] == "same"
                q, yq = c["x"], c["y"]
                r, yr = (q, yq) if same else (c["r"], c["yr"])
                rank = ranking(q, yq, r, yr, same)
                gap = near_tie(rank, yq, yr)
                if gap >= TIE_GAP:
                    break
            else:
                sys.exit("%s: no draw without a near tie in 200 attempts" % spec[0])
            pml = pml_metrics(q, yq, r, yr, same)
            npm = numpy_metrics(rank, yq, yr)
            gpw = run_gpw(a.gpw, q, yq, r, yr, same, tmp)
            lone = sum(1 for (_, _, big_r) in rank if big_r == 0)
            entry = {
                "id": c["id"], "kind": c["kind"],
                "reference_includes_queries": same,
                "n_query": int(len(q)), "n_reference": int(len(r)), "dim": int(q.shape[1]),
                "classes": int(len(np.unique(np.concatenate([yq, yr])))),
                "lone_queries": lone,
                "redraws": attempt,
                "smallest_relevance_gap": gap,
                "x": q.tolist(), "y": yq.astype(int).tolist(),
            }
            if not same:
                entry["reference_x"] = r.tolist()
                entry["reference_y"] = yr.astype(int).tolist()
            entry["pml"] = pml
            entry["numpy_f64"] = npm
            entry["gpw"] = gpw
            cases.append(entry)
            line = "%-34s N=%-9s D=%-2d lone=%-3d redraws=%-3d" % (
                c["id"], "%d/%d" % (len(q), len(r)) if not same else str(len(q)), q.shape[1], lone, attempt)
            if "error" in gpw:
                line += " gpw " + gpw["error"]
            else:
                for m in METRICS:
                    worst[m] = max(worst[m], abs(gpw[m] - pml[m]))
                    worst_np[m] = max(worst_np[m], abs(npm[m] - pml[m]))
                line += " q=%s/%s" % (gpw["queries_counted"], npm["queries_counted"])
            print(line)

    agree = all(("error" not in e["gpw"]) and e["gpw"]["queries_counted"] == e["pml"]["queries_counted"]
                for e in cases)
    doc = {
        "about": "gpw eval vs pytorch-metric-learning AccuracyCalculator; written by "
                 "scripts/reference/generate_eval_fixtures.py",
        "pml_call": "AccuracyCalculator(include=('mean_average_precision_at_r','r_precision',"
                    "'precision_at_1'), k='max_bin_count').get_accuracy(normalise(q), yq, normalise(r), yr, "
                    "ref_includes_query) with ref_includes_query=True and r=q for kind 'same'",
        "distance": "cosine (PML: FaissKNN IndexFlatL2 on L2-normalised rows, float32; gpw: raw rows)",
        "lone_queries": "PML skips a query whose class has no reference row other than itself "
                        "(not_lone_query_mask): it is left out of the average of all three metrics, not "
                        "counted as 0. gpw's 'queries' count %s PML's in every case."
                        % ("equals" if agree else "does NOT equal"),
        "ties": "none: continuous random rows; each case's smallest float64 cosine gap between adjacent "
                "neighbours of different relevance within rank R+1 is >= %g" % TIE_GAP,
        "seed": SEED,
        "versions": {
            "python": platform.python_version(), "numpy": np.__version__, "torch": torch.__version__,
            "pytorch_metric_learning": pytorch_metric_learning.__version__, "faiss": faiss.__version__,
            "gpw_binary": a.gpw,
        },
        "max_abs_diff_gpw_vs_pml": worst,
        "max_abs_diff_numpy_f64_vs_pml": worst_np,
        "cases": cases,
    }
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    with open(a.out, "w") as f:
        json.dump(doc, f, separators=(",", ":"))
        f.write("\n")
    print("cases: %d, file: %s (%d bytes)" % (len(cases), os.path.relpath(a.out), os.path.getsize(a.out)))
    print("lone queries: PML skips them; gpw's query count %s PML's in every case"
          % ("equals" if agree else "does NOT equal"))
    for m in METRICS:
        print("max |gpw - PML| %-28s %.3g   (numpy float64 vs PML: %.3g)" % (m, worst[m], worst_np[m]))


if __name__ == "__main__":
    main()
