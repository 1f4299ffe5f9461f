#!/usr/bin/env python3
"""Reference fixtures for the second four successors of issue 17: MarginLoss, AngularLoss,
FastAPLoss and IntraPairVarianceLoss of pytorch-metric-learning (PML), in float64.

Same case format as generate_fixtures.py (whose helpers and batches this imports). G = dL/dS comes
from PML through a fixed leaf S, in the form each loss reads its batch:

- IntraPairVarianceLoss reads a cosine matrix: the leaf-S `LeafCosine` of generate_fixtures.py.
- MarginLoss reads PML's default `LpDistance()` (unit rows, p = 2, power 1): a leaf distance
  `sqrt(2 - 2 S)` (`LeafEuclid`).
- FastAPLoss reads `LpDistance(power=2)`: a leaf squared distance `2 - 2 S` (`LeafSquared`, below).
- AngularLoss reads the normalised embedding rows themselves, not a matrix, so no leaf distance can
  stand in. Its terms are inner products of unit rows, so the embeddings are made a differentiable
  function of a leaf S: `x = cholesky((A + A^T) / 2)` with `A = S`. That gives the gradient with
  respect to a *symmetric* S only, `(G + G^T) / 2` (which is all that dL/dx depends on); such cases
  carry `"gradient_symmetrised": true` and the tests compare gpw's symmetrised G. Where S is
  singular (more rows than dimensions, duplicate rows) there is no Cholesky factor: the case keeps
  value and dL/dx and says so in `gradient_unavailable`. PML's AngularLoss multiplies the sum of
  the normalised anchor and positive by the *raw* negative row, so on unnormalised rows it is not
  a function of S; gpw follows the paper on the unit sphere. Angular batches are therefore fed
  with their rows normalised first, and a few raw ones are recorded as `differs_by_design`.

dL/dx always comes from the plain path (the same PML call on the raw embeddings), cross-checked
against G by the chain rule (against the symmetrised G for angular), plus the fragility check of
generate_fixtures.py (embeddings perturbed by 1e-9 relative must not move G or L by > 1e-6).

Where PML's own derivative is not finite (MarginLoss on a positive at distance 0, whose sqrt has an
infinite slope) the (batch, call) is not recorded and the script lists it.

Usage:  /work/venv-ref/bin/python scripts/reference/generate_fixtures_successors_b.py [--out PATH]
"""

import argparse
import json
import math
import os
import platform
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate_fixtures as gf  # noqa: E402
import generate_fixtures_successors_a as ga  # noqa: E402
import pytorch_metric_learning  # noqa: E402
from pytorch_metric_learning import losses as pml_losses  # noqa: E402
from pytorch_metric_learning.distances import CosineSimilarity, LpDistance  # noqa: E402

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)

SEED = 20190616
DEFAULT_OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Tests", "PairWeightingTests",
                           "Fixtures", "successors-b-cases.json")
fmt = gf.fmt


class LeafSquared(LpDistance):
    """LpDistance(power=2) on unit rows, from a fixed S: D = 2 - 2 S, 0 on the diagonal."""

    def __init__(self, S):
        super().__init__(power=2)
        self.S = S

    def forward(self, query_emb, ref_emb=None):
        ref_emb = query_emb if ref_emb is None else ref_emb
        qi = query_emb.argmax(dim=1)
        ri = ref_emb.argmax(dim=1)
        block = self.S[qi][:, ri]
        same = qi.unsqueeze(1) == ri.unsqueeze(0)
        return torch.where(same, torch.zeros_like(block), 2 - 2 * block)


class Ref(gf.Ref):
    """A PML reference with its leaf distance and its distance on raw rows."""

    def __init__(self, name, spec, call, params, make, leaf, plain, by_cholesky=False):
        super().__init__(name, spec, call, params, make=make)
        self.leaf = leaf            # S -> distance object reading a leaf S
        self.plain = plain          # () -> distance object for raw embeddings
        self.by_cholesky = by_cholesky


def ref_margin(margin, beta):
    call = "MarginLoss(margin=%s, nu=0, beta=%s, learn_beta=False)" % (fmt(margin), fmt(beta))
    spec = "margin:margin=%s,beta=%s,pairs=triplets" % (fmt(margin), fmt(beta))
    return Ref("pml.MarginLoss", spec, call, dict(margin=margin, beta=beta),
               make=lambda dist: pml_losses.MarginLoss(margin=margin, nu=0, beta=beta, learn_beta=False, distance=dist),
               leaf=lambda S: gf.LeafEuclid(S), plain=lambda: LpDistance())


def ref_angular(alpha):
    return Ref("pml.AngularLoss", "angular:alpha=%s" % fmt(alpha), "AngularLoss(alpha=%s)" % fmt(alpha),
               dict(alpha=alpha), make=lambda dist: pml_losses.AngularLoss(alpha=alpha, distance=dist),
               leaf=None, plain=lambda: LpDistance(p=2, power=1, normalize_embeddings=True), by_cholesky=True)


def ref_fastap(bins):
    return Ref("pml.FastAPLoss", "fastap:bins=%d" % bins, "FastAPLoss(num_bins=%d)" % bins, dict(num_bins=bins),
               make=lambda dist: pml_losses.FastAPLoss(num_bins=bins, distance=dist),
               leaf=lambda S: LeafSquared(S), plain=lambda: LpDistance(power=2))


def ref_ipv(pos, neg):
    return Ref("pml.IntraPairVarianceLoss", "intra-pair-variance:pos-eps=%s,neg-eps=%s" % (fmt(pos), fmt(neg)),
               "IntraPairVarianceLoss(pos_eps=%s, neg_eps=%s)" % (fmt(pos), fmt(neg)), dict(pos_eps=pos, neg_eps=neg),
               make=lambda dist: pml_losses.IntraPairVarianceLoss(pos_eps=pos, neg_eps=neg, distance=dist),
               leaf=lambda S: gf.LeafCosine(S), plain=lambda: CosineSimilarity())


# Per loss, the settings in rotation; the claimed calls (LossKind.reproduces) come first.
ROTATION = {
    "margin": [lambda: ref_margin(0.2, 1.2), lambda: ref_margin(0.1, 1), lambda: ref_margin(0.3, 0.8),
               lambda: ref_margin(0.05, 1.4), lambda: ref_margin(0.5, 1.0)],
    "angular": [lambda: ref_angular(40), lambda: ref_angular(45), lambda: ref_angular(30),
                lambda: ref_angular(50), lambda: ref_angular(20)],
    "fastap": [lambda: ref_fastap(10), lambda: ref_fastap(7), lambda: ref_fastap(4),
               lambda: ref_fastap(25), lambda: ref_fastap(16)],
    "ipv": [lambda: ref_ipv(0.01, 0.01), lambda: ref_ipv(0.1, 0.05), lambda: ref_ipv(0, 0.3),
            lambda: ref_ipv(0.2, 0), lambda: ref_ipv(0.05, 0.1)],
}


def pml_value(ref, dist, emb, labels):
    loss = ref.make(dist)
    return loss(emb, labels)


def run_leaf(ref, S0, labels):
    """(value, G or None, symmetrised) with G = dL/dS."""
    n = S0.shape[0]
    A = S0.clone().requires_grad_(True)
    if ref.by_cholesky:
        sym = (A + A.t()) / 2
        try:
            x = torch.linalg.cholesky(sym)
        except RuntimeError:
            return None, None, True
        L = pml_value(ref, ref.plain(), x, labels)
    else:
        L = pml_value(ref, ref.leaf(A), torch.eye(n), labels)
    if L.requires_grad:
        L.backward()
    G = A.grad if A.grad is not None else torch.zeros_like(A)
    G = G.detach().clone()
    if ref.by_cholesky:
        G.fill_diagonal_(0.0)   # S_ii is not a free entry of a cosine matrix
    return float(L.detach()), G, ref.by_cholesky


def run_plain(ref, x0, labels):
    x = x0.clone().requires_grad_(True)
    L = pml_value(ref, ref.plain(), x, labels)
    if L.requires_grad:
        L.backward()
    g = x.grad if x.grad is not None else torch.zeros_like(x)
    return float(L.detach()), g.detach().clone()


def tangential(g, x):
    """The part of dL/dx_i orthogonal to x_i. PML's AngularLoss multiplies by the raw negative row,
    so its gradient has a radial part that a function of S cannot have; on unit rows the tangential
    parts are the sphere function's gradient, which is what gpw computes."""
    f = x / x.norm(dim=1, keepdim=True)
    return g - (g * f).sum(dim=1, keepdim=True) * f


def evaluate(ref, x, labels, rng):
    S0 = gf.cosine_matrix(x)
    if "num_bins" in ref.params:
        # a pair on a histogram node (D = 2 - 2S = k * 4/R) sits on a kink whose side rounding picks
        D = 2 - 2 * S0
        nodes = torch.arange(ref.params["num_bins"] + 1) * (4.0 / ref.params["num_bins"])
        off = ~torch.eye(len(labels), dtype=torch.bool)
        assert not bool(((D.unsqueeze(-1) - nodes).abs().min(dim=-1).values[off] < 1e-12).any()), \
            "a pair within 1e-12 of a histogram node (a kink)"
    value, G, symmetrised = run_leaf(ref, S0, labels)
    pvalue, gx = run_plain(ref, x, labels)
    assert math.isfinite(pvalue) and torch.isfinite(gx).all(), "PML's dL/dx is not finite"
    if ref.by_cholesky:
        gx = tangential(gx, x)
    if G is not None:
        assert math.isfinite(value) and torch.isfinite(G).all(), "PML's G is not finite"
        assert abs(value - pvalue) <= 1e-12 * max(1.0, abs(value)), (ref.name, value, pvalue)
        gx_chain = gf.chain_rule(G, x)   # it reads G + G^T, the same for a symmetrised G
        if float(gx.abs().max()) > 0 or float(gx_chain.abs().max()) > 0:
            assert gf.rel_err(gx_chain, gx) < 1e-9, "dL/dx from PML's G is not PML's dL/dx (relative error %.3g: " \
                "a pair at a kink, or both rounding noise)" % gf.rel_err(gx_chain, gx)
    # fragility: perturb x by 1e-9 relative and check L and dL/dx barely move
    xp = x * (1 + 1e-9 * torch.from_numpy(rng.standard_normal(x.shape)))
    v2, g2 = run_plain(ref, xp, labels)
    if ref.by_cholesky:
        g2 = tangential(g2, xp)
    gscale = max(float(gx.abs().max()), 1e-12)
    fragile = (float((g2 - gx).abs().max()) > 1e-6 * gscale) or (abs(v2 - pvalue) > 1e-6 * max(abs(pvalue), 1e-12))
    if G is not None and not fragile:
        # G too: a pair on a histogram node (FastAP at S = 1) has a slope that rounding can flip,
        # invisible in dL/dx when the pair's rows coincide
        _, G2, _ = run_leaf(ref, gf.cosine_matrix(xp), labels)
        fragile = G2 is None or float((G2 - G).abs().max()) > 1e-6 * max(float(G.abs().max()), 1e-12)
    return dict(value=pvalue, G=G, gx=gx, fragile=fragile, symmetrised=symmetrised)


def unit_rows(batch):
    out = dict(batch)
    out["x"] = batch["x"] / np.linalg.norm(batch["x"], axis=1, keepdims=True)
    out["note"] = batch["note"] + "; rows normalised first (PML's AngularLoss multiplies by the raw negative row)"
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=DEFAULT_OUT)
    args = ap.parse_args()
    rng = np.random.default_rng(SEED)
    batches = [b for b in gf.build_batches(rng) if len(b["labels"]) <= 10]
    batches += ga.special_batches(rng)
    # Exact ties and S = -1 without a duplicate row (MarginLoss's sqrt has no slope at S = 1):
    # antipodal positives and negatives, and negatives tied at S = 0 exactly.
    e = np.eye(4)
    batches.append(dict(id="anti-ties-d3", x=np.array([2 * e[0, :3], -e[0, :3], 0.5 * e[1, :3], -3 * e[1, :3], e[2, :3]]),
                        labels=np.array([0, 0, 1, 1, 2]), note="antipodal positives (S = -1) and negatives tied at S = 0",
                        tags=set()))
    batches.append(dict(id="anti-ties-d4", x=np.array([e[0], e[1], -e[0], -2 * e[1], e[2] + e[3], 0.3 * (e[2] - e[3])]),
                        labels=np.array([0, 0, 1, 1, 2, 2]),
                        note="antipodal negatives (S = -1), ties at S = 0 between classes", tags=set()))
    # Angular's G needs a non-singular S: some batches in dimension >= N, so the Cholesky path works.
    for t, sizes in enumerate([[2, 2], [3, 2, 2], [2, 2, 2, 1], [3, 3], [4, 2, 3]]):
        n = sum(sizes)
        x, y = gf.clustered_batch(rng, sizes, n + 2, float(rng.choice([0.5, 1.0])))
        x = gf.scale_rows(rng, x)
        batches.append(dict(id="wide-%02d-%s-d%d" % (t, "".join(map(str, sizes)), n + 2), x=x, labels=y,
                            note="class sizes %s in dimension N + 2 (S non-singular)" % sizes, tags=set()))
    keys = list(ROTATION)
    cases, dropped = [], []
    raw_angular = 0
    for index, batch in enumerate(batches):
        for key in keys:
            rotation = ROTATION[key]
            use = unit_rows(batch) if key == "angular" else batch
            x = torch.from_numpy(use["x"])
            y = torch.from_numpy(use["labels"])
            for t in range(len(rotation)):
                ref = rotation[(index + t) % len(rotation)]()
                try:
                    res = evaluate(ref, x, y, rng)
                except AssertionError as e:
                    dropped.append("%s %s: %s" % (batch["id"], ref.call, e))
                    continue
                if res["fragile"]:
                    dropped.append("%s %s: fragile" % (batch["id"], ref.call))
                    continue
                extra = {}
                if res["symmetrised"]:
                    extra["gradient_symmetrised"] = True
                    extra["embedding_gradient_tangential"] = True
                    if res["G"] is None:
                        extra["gradient_unavailable"] = "S is singular: no Cholesky factor to differentiate through"
                if res["G"] is None:
                    case = gf.make_case(use, ref, dict(value=res["value"], G=torch.zeros(1, 1), gx=res["gx"]), extra)
                    case["gradient"] = None
                else:
                    case = gf.make_case(use, ref, res, extra)
                cases.append(case)
                break
            # a few angular cases on the raw rows, where PML is not a function of S
            if key == "angular" and raw_angular < 4 and np.ptp(np.linalg.norm(batch["x"], axis=1)) > 0.5:
                ref = rotation[index % len(rotation)]()
                xr = torch.from_numpy(batch["x"])
                pvalue, gx = run_plain(ref, xr, torch.from_numpy(batch["labels"]))
                if math.isfinite(pvalue) and torch.isfinite(gx).all():
                    case = gf.make_case(batch, ref, None, {})
                    case["id"] += "/raw"
                    case.update(value=pvalue, embedding_gradient=gf.to_list(gx),
                                differs_by_design="PML's AngularLoss multiplies by the raw negative row; "
                                                  "gpw uses unit rows (docs/losses.md)")
                    cases.append(case)
                    raw_angular += 1
    counts = {}
    for c in cases:
        counts[c["call"]] = counts.get(c["call"], 0) + 1
    out = {
        "generator": "scripts/reference/generate_fixtures_successors_b.py (seed %d)" % SEED,
        "versions": {"python": platform.python_version(), "torch": torch.__version__,
                     "pytorch_metric_learning": pytorch_metric_learning.__version__, "numpy": np.__version__},
        "dtype": "float64",
        "conventions": {"gradient": "G[i][j] = dL/dS[i][j], row = anchor; the diagonal is 0; "
                                    "with gradient_symmetrised, (G + G^T)/2",
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
        print("  %-70s %d" % (k, counts[k]))
    for d in dropped:
        print("  not recorded: " + d)
    return 0


if __name__ == "__main__":
    sys.exit(main())
