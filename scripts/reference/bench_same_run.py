#!/usr/bin/env python3
"""gpw against pytorch-metric-learning (PML) / torch, timed in one session, interleaved, on one
thread each.

Three comparisons:
  (a) MS loss with its miner, forward + backward, N=80, D=512, float32 in torch:
      PML MultiSimilarityLoss() (alpha 2, beta 50, base 0.5, cosine) + MultiSimilarityMiner(0.1),
      against gpw bench's `loss N=80 D=512` / `ms` line (gpw: float64, same defaults, mining on).
  (b) one training step of a 64 -> 128 -> 64 MLP (Linear, ReLU, Linear), MS + miner, Adam (lr 1e-3),
      a batch of 16 classes x 5 = 80 rows, drawing the batch not timed, against gpw bench's
      `training` / `step N=80 (64->128->64, ms, Adam)` line (float64), and (b') against its
      float32 twin `step N=80 (64->128->64, ms, Adam), float32` when the gpw build has it.
  (c) PML AccuracyCalculator (MAP@R, R-precision, precision@1, k="max_bin_count",
      ref_includes_query=True) on the raw features of letters' unseen classes 13-25 (10,060 rows),
      L2-normalised, timed in-process (the call only), against the whole `gpw eval --data FILE.npz`
      process (start-up, reading, evaluation, output) on the same rows.

Threads: OMP/MKL/OpenBLAS threads 1 (set before torch/numpy are imported), torch.set_num_threads(1),
faiss.omp_set_num_threads(1); this process pins itself to CPU 0 and gpw runs under `taskset -c 0`
(when taskset exists), so both sides get the same single core, one after the other.

Interleaving, per repetition: PML (a), one `gpw bench --json` run (gives gpw's (a) and (b); its
sections are limited with GPW_BENCH_ONLY=losses,training), PML (b), PML (c), gpw eval (c).
A PML (a)/(b) repetition is the median of 31 rounds of 10 / 20 calls after 2 warm-up rounds (the
same scheme as gpw bench); a (c) repetition is one call / one process. The table gives the median
over repetitions for each side and the ratio PML / gpw.

Usage:  /work/venv-ref/bin/python scripts/reference/bench_same_run.py [--gpw PATH] [--reps N]
"""

import os

for _v in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_v] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402
import faiss  # noqa: E402
import pytorch_metric_learning  # noqa: E402
from pytorch_metric_learning import losses, miners  # noqa: E402
from pytorch_metric_learning.utils.accuracy_calculator import AccuracyCalculator  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
LETTERS = os.path.join(HERE, "..", "..", "Sources", "CBundledData", "csv", "letters.csv")
GPW_MS = ("loss N=80 D=512", "ms")
GPW_STEP = ("training", "step N=80 (64->128->64, ms, Adam)")
# The like-for-like line: gpw's two products in float32 like PML (weights in double); optional,
# for gpw builds before it existed.
GPW_MS32 = ("loss N=80 D=512, float32 products (like for like with PML)", "ms")
# The float32 training step (weights, activations, both passes and Adam in float32, the loss's
# weights in double); optional likewise.
GPW_STEP32 = ("training", "step N=80 (64->128->64, ms, Adam), float32")


def timed_rounds(fn, inner, rounds=31, warmup=2):
    """Median over `rounds` of the mean ms per call of `inner` calls, after `warmup` rounds."""
    out = []
    for r in range(rounds + warmup):
        t0 = time.perf_counter()
        for _ in range(inner):
            fn()
        dt = (time.perf_counter() - t0) * 1000 / inner
        if r >= warmup:
            out.append(dt)
    return statistics.median(out)


def make_ms_case():
    g = torch.Generator().manual_seed(1)
    x = (torch.rand(80, 512, generator=g, dtype=torch.float32) * 2 - 1).requires_grad_(True)
    y = torch.arange(80) // 5
    loss_fn = losses.MultiSimilarityLoss()
    miner = miners.MultiSimilarityMiner(epsilon=0.1)

    def step():
        loss = loss_fn(x, y, miner(x, y))
        loss.backward()
        x.grad = None
    return step


def make_train_case():
    torch.manual_seed(7)
    rng = np.random.default_rng(7)
    classes, rows = 20, 20  # the training half of gpw's 40 x 30 synthetic set: 20 classes
    means = rng.normal(size=(classes, 16)) * 1.5
    signal = means[np.repeat(np.arange(classes), rows)] + rng.normal(size=(classes * rows, 16))
    feats = np.concatenate([signal, rng.normal(size=(classes * rows, 48))], axis=1)
    feats = (feats - feats.mean(0)) / feats.std(0)
    data = torch.tensor(feats, dtype=torch.float32)
    labels = torch.tensor(np.repeat(np.arange(classes), rows))
    by_class = [torch.nonzero(labels == c).flatten() for c in range(classes)]
    net = torch.nn.Sequential(torch.nn.Linear(64, 128), torch.nn.ReLU(), torch.nn.Linear(128, 64))
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    loss_fn = losses.MultiSimilarityLoss()
    miner = miners.MultiSimilarityMiner(epsilon=0.1)
    gen = np.random.default_rng(11)
    pool = []
    for _ in range(64):  # pre-drawn batches, so drawing is not timed
        cs = gen.choice(classes, 16, replace=False)
        idx = torch.cat([by_class[c][torch.from_numpy(gen.choice(rows, 5, replace=False))] for c in cs])
        pool.append((data[idx], labels[idx]))
    state = {"i": 0}

    def step():
        xb, yb = pool[state["i"] % len(pool)]
        state["i"] += 1
        opt.zero_grad(set_to_none=True)
        emb = net(xb)
        loss = loss_fn(emb, yb, miner(emb, yb))
        loss.backward()
        opt.step()
    return step


def load_letters_unseen(path):
    raw = np.loadtxt(path, delimiter=",", skiprows=1)
    keep = raw[:, 0] >= 13
    return raw[keep, 1:].astype(np.float64), raw[keep, 0].astype(np.int64)


def pml_eval(xn, y):
    calc = AccuracyCalculator(include=("mean_average_precision_at_r", "r_precision", "precision_at_1"),
                              k="max_bin_count")
    return calc.get_accuracy(xn, y, xn, y, True)


def gpw_cmd(gpw, pin):
    return (["taskset", "-c", "0"] if pin else []) + [gpw]


def run_gpw_bench(gpw, pin):
    env = dict(os.environ, GPW_BENCH_ONLY="losses,training")
    p = subprocess.run(gpw_cmd(gpw, pin) + ["bench", "--json"], capture_output=True, text=True, env=env)
    if p.returncode != 0:
        sys.exit("gpw bench failed (%d): %s" % (p.returncode, p.stderr.strip()[:400]))
    doc = json.loads(p.stdout)
    found = {}
    for t in doc["timings"]:
        key = (t["group"], t["name"])
        if key in (GPW_MS, GPW_STEP, GPW_MS32, GPW_STEP32):
            found[key] = t["timing"]["median_ms"]
    missing = [k for k in (GPW_MS, GPW_STEP) if k not in found]
    if missing:
        sys.exit("gpw bench --json has no line %s" % missing)
    return found[GPW_MS], found[GPW_STEP], found.get(GPW_MS32), found.get(GPW_STEP32), doc


def run_gpw_eval(gpw, pin, npz):
    t0 = time.perf_counter()
    p = subprocess.run(gpw_cmd(gpw, pin) + ["eval", "--data", npz, "--format", "json"],
                       capture_output=True, text=True)
    dt = (time.perf_counter() - t0) * 1000
    if p.returncode != 0:
        sys.exit("gpw eval failed (%d): %s" % (p.returncode, p.stderr.strip()[:400]))
    return dt, json.loads(p.stdout)


def fmt_ms(v):
    return "%.4f" % v if v < 1 else ("%.3f" % v if v < 100 else "%.1f" % v)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gpw", default="gpw", help="the gpw binary (default: gpw on PATH)")
    ap.add_argument("--reps", type=int, default=5, help="interleaved repetitions (default 5)")
    ap.add_argument("--letters", default=LETTERS, help="letters.csv (label first, 16 features)")
    a = ap.parse_args()

    gpw = shutil.which(a.gpw) or a.gpw
    if not os.path.exists(gpw):
        sys.exit("no gpw binary at %r (use --gpw PATH)" % a.gpw)
    pin = shutil.which("taskset") is not None
    if pin and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {0})
    torch.set_num_threads(1)
    torch.set_num_interop_threads(1)
    faiss.omp_set_num_threads(1)

    print("torch %s, torch threads %d, PML %s, faiss %s, numpy %s, Python %s"
          % (torch.__version__, torch.get_num_threads(), pytorch_metric_learning.__version__,
             faiss.__version__, np.__version__, platform.python_version()))
    print("torch build (torch.__config__.show(), first lines):")
    for line in torch.__config__.show().strip().splitlines()[:6]:
        print("  " + line.rstrip())
    print("gpw: %s%s; python pinned to CPU 0: %s; load average at start: %.2f %.2f %.2f"
          % (gpw, " under taskset -c 0" if pin else " (no taskset)", pin, *os.getloadavg()))

    ms_step = make_ms_case()
    train_step = make_train_case()
    x, y = load_letters_unseen(a.letters)
    xn = x / np.linalg.norm(x, axis=1, keepdims=True)
    res = {k: [] for k in ("pml_ms", "gpw_ms", "gpw_ms32", "pml_step", "gpw_step", "gpw_step32", "pml_eval", "gpw_eval")}
    with tempfile.TemporaryDirectory() as tmp:
        npz = os.path.join(tmp, "letters-unseen.npz")
        np.savez(npz, x=x, y=y)
        pml_out = pml_eval(xn, y)       # warm-up of both (c) sides, not counted
        _, gpw_out = run_gpw_eval(gpw, pin, npz)
        bench_doc = None
        for rep in range(a.reps):
            res["pml_ms"].append(timed_rounds(ms_step, inner=10))
            g_ms, g_step, g_ms32, g_step32, bench_doc = run_gpw_bench(gpw, pin)
            res["gpw_ms"].append(g_ms)
            if g_ms32 is not None:
                res["gpw_ms32"].append(g_ms32)
            res["gpw_step"].append(g_step)
            if g_step32 is not None:
                res["gpw_step32"].append(g_step32)
            res["pml_step"].append(timed_rounds(train_step, inner=20))
            t0 = time.perf_counter()
            pml_eval(xn, y)
            res["pml_eval"].append((time.perf_counter() - t0) * 1000)
            res["gpw_eval"].append(run_gpw_eval(gpw, pin, npz)[0])
            print("  rep %d/%d: ms %s / %s, step %s / %s, eval %s / %s ms (PML / gpw)" % (
                rep + 1, a.reps, fmt_ms(res["pml_ms"][-1]), fmt_ms(g_ms), fmt_ms(res["pml_step"][-1]),
                fmt_ms(g_step) + ("" if g_step32 is None else " (float32 %s)" % fmt_ms(g_step32)),
                fmt_ms(res["pml_eval"][-1]), fmt_ms(res["gpw_eval"][-1])), flush=True)

    rows = [
        ("(a) MS + miner fwd+bwd, N=80 D=512", "pml_ms", "gpw_ms", "float32 torch vs gpw bench line (float64)"),
        ("(a') the same, gpw float32 products", "pml_ms", "gpw_ms32",
         "float32 torch vs gpw's like-for-like line (products float32, weights double)"),
        ("(b) train step 64->128->64, ms, Adam", "pml_step", "gpw_step", "float32 torch vs gpw bench line"),
        ("(b') the same, gpw float32 step", "pml_step", "gpw_step32",
         "float32 torch vs gpw's float32 step (loss weights double)"),
        ("(c) MAP@R etc., letters 13-25 (%d rows)" % len(x), "pml_eval", "gpw_eval",
         "PML call in-process vs whole gpw eval process"),
    ]
    print()
    print("%-42s %12s %12s %9s  %s" % ("median over %d interleaved reps" % a.reps, "PML/torch ms", "gpw ms",
                                        "PML/gpw", "what is timed"))
    for name, kp, kg, note in rows:
        if not res[kg]:
            continue
        mp, mg = statistics.median(res[kp]), statistics.median(res[kg])
        print("%-42s %12s %12s %8.2fx  %s" % (name, fmt_ms(mp), fmt_ms(mg), mp / mg, note))
    print()
    print("gpw bench: build %s, kernels %s" % (bench_doc.get("build"), bench_doc.get("kernels")))
    print("(c) results on the same rows (raw integer features with repeated rows, so exact cosine ties,"
          " which PML (float32, faiss) and gpw (float64, lower row first) may break differently):")
    print("  PML: MAP@R %.6f  R-precision %.6f  P@1 %.6f" % (
        pml_out["mean_average_precision_at_r"], pml_out["r_precision"], pml_out["precision_at_1"]))
    print("  gpw: MAP@R %.6f  R-precision %.6f  P@1 %.6f  (queries %s)" % (
        gpw_out["map_at_r"], gpw_out["r_precision"], gpw_out["precision_at_1"], gpw_out.get("queries")))
    print("  |gpw - PML|: MAP@R %.3g  R-precision %.3g  P@1 %.3g" % (
        abs(gpw_out["map_at_r"] - pml_out["mean_average_precision_at_r"]),
        abs(gpw_out["r_precision"] - pml_out["r_precision"]),
        abs(gpw_out["precision_at_1"] - pml_out["precision_at_1"])))
    print("load average at end: %.2f %.2f %.2f" % os.getloadavg())


if __name__ == "__main__":
    main()
