#!/usr/bin/env python3
"""Generate reference fixtures for gpw's pair-weight engine.

For a fixed set of small batches (raw, unnormalised float64 embeddings plus labels) and for each
reference implementation, this script records

  value               the loss L
  gradient            G = dL/dS, N x N, row = anchor (S_ij and S_ji separate variables)
  embedding_gradient  dL/dx for the raw embeddings x, N x D

all in float64. References are the real pytorch-metric-learning (PML) classes, plus two
re-implementations written here from the documented semantics of the MS authors' code
(msight-tech/research-ms-loss, ret_benchmark/losses/multi_similarity_loss.py) and of
bnu-wangxun/Deep_Metric losses/Binomial.py (non-mining branch).

How G is obtained ("leaf path"): the loss is fed one-hot embeddings e_0..e_{N-1} (unit norm, so
PML's normalisation leaves them unchanged) and a distance object, a subclass of PML's
CosineSimilarity, whose compute_mat(q, r) returns the block S[q-rows, r-cols] of a precomputed
leaf tensor S (requires_grad=True). S is exactly the matrix PML computes from the raw embeddings.
loss.backward() then leaves dL/dS in S.grad. Miners get the same distance object, so they mine on
exactly the same S. The "plain path" runs the same loss on the raw embeddings with
CosineSimilarity() and gives dL/dx. Every entry is cross-checked: the two values agree and the
chain rule applied to G reproduces the plain-path dL/dx.

Fragility: a fixture is useless if the result jumps under a rounding-level change of S (a hinge
exactly at 0, a mining threshold tie, a histogram bin edge). Every entry is re-evaluated with the
embeddings perturbed by 1e-9 (relative); if G moves by more than 1e-6 (relative to max |G|) other
hyper-parameters are tried, and if none is robust the entry is dropped.

Usage:  python scripts/reference/generate_fixtures.py [--out PATH] [--check-only]
"""

import argparse
import warnings
import json
import math
import os
import platform
import sys

import numpy as np
import torch

import pytorch_metric_learning
from pytorch_metric_learning import losses as pml_losses
from pytorch_metric_learning import miners as pml_miners
from pytorch_metric_learning.distances import CosineSimilarity, LpDistance

torch.set_default_dtype(torch.float64)
# PML 2.9.0 HistogramLoss indexes with a list of lists; torch warns that this will change meaning.
warnings.filterwarnings("ignore", message="Using a non-tuple sequence for multidimensional indexing")

SEED = 20190615
DEFAULT_OUT = os.path.join(
    os.path.dirname(os.path.abspath(__file__)),
    "..", "..", "Tests", "PairWeightingTests", "Fixtures", "reference-cases.json",
)

AUTHORS_MS_COMMIT = "8290973c8e8b62950f27840d285992b2af64d9e0"  # msight-tech/research-ms-loss, file unchanged since
DEEP_METRIC_COMMIT = "4b8bb6422d9a5eae4766dd1f6cada9a0ec129c56"  # bnu-wangxun/Deep_Metric losses/Binomial.py as read


# --------------------------------------------------------------------------------------------
# Distances that read a precomputed leaf S
# --------------------------------------------------------------------------------------------

class LeafCosine(CosineSimilarity):
    """CosineSimilarity whose matrix is a block of a fixed tensor S.

    The embeddings handed to the loss must be one-hot rows: row r of the query selects row
    argmax(q_r) of S, row c of the reference selects column argmax(r_c). For the full batch this
    returns S itself; for losses that compare sub-batches (NPairsLoss) it returns the right block.
    """

    def __init__(self, S, **kwargs):
        super().__init__(**kwargs)
        self.S = S

    def compute_mat(self, query_emb, ref_emb):
        qi = query_emb.argmax(dim=1)
        ri = ref_emb.argmax(dim=1)
        return self.S[qi][:, ri]


class LeafEuclid(LpDistance):
    """LpDistance(p=2, power=1) on unit vectors, computed from a fixed S: D = sqrt(2 - 2 S).
    Only used for the losses.md Example 1 sanity rows that use PML's default Euclidean distance."""

    def __init__(self, S, **kwargs):
        super().__init__(**kwargs)
        self.S = S

    def compute_mat(self, query_emb, ref_emb):
        qi = query_emb.argmax(dim=1)
        ri = ref_emb.argmax(dim=1)
        block = self.S[qi][:, ri]
        same = qi.unsqueeze(1) == ri.unsqueeze(0)
        safe = torch.where(same, torch.zeros_like(block), block)
        d = torch.sqrt(2 - 2 * safe)
        return torch.where(same, torch.zeros_like(d), d)


def cosine_matrix(x):
    """S exactly as PML's CosineSimilarity computes it from raw embeddings."""
    with torch.no_grad():
        return CosineSimilarity()(x)


# --------------------------------------------------------------------------------------------
# Re-implementations of the two non-PML references (written from their documented semantics)
# --------------------------------------------------------------------------------------------

class ReferenceCrash(Exception):
    pass


def authors_ms(S, labels, alpha, beta, lam, eps=0.1, self_tol=1e-5):
    """Semantics of the MS authors' loss (research-ms-loss, multi_similarity_loss.py):

    - for anchor i: positives = same label AND S_ij < 1 - 1e-5 (self removed BY VALUE), negatives =
      other label; the built-in min()/max() over an empty list raises ValueError (we raise
      ReferenceCrash);
    - mining (always on, epsilon 0.1 hard-coded there): keep negatives with S + eps > min(pos),
      positives with S - eps < max(neg), strict;
    - anchors whose mined positives or negatives are empty are skipped;
    - term = 1/alpha log(1 + sum exp(-alpha (S - lam))) + 1/beta log(1 + sum exp(beta (S - lam))),
      direct exp/log as in the original;
    - sum of terms / batch size; nothing mined -> 0 (the original returns a fresh zero that is not
      connected to the graph: zero gradient).
    """
    n = S.shape[0]
    total = None
    for i in range(n):
        same = labels == labels[i]
        pos_all = same & (S[i] < 1 - self_tol)
        neg_all = ~same
        if not bool(pos_all.any()) or not bool(neg_all.any()):
            raise ReferenceCrash("anchor %d has no positive or no negative: min()/max() of empty list" % i)
        min_pos = S[i][pos_all].min()
        max_neg = S[i][neg_all].max()
        neg = neg_all & (S[i] + eps > min_pos)
        pos = pos_all & (S[i] - eps < max_neg)
        if not bool(neg.any()) or not bool(pos.any()):
            continue
        sp = S[i][pos]
        sn = S[i][neg]
        term = (1.0 / alpha) * torch.log(1 + torch.exp(-alpha * (sp - lam)).sum()) \
            + (1.0 / beta) * torch.log(1 + torch.exp(beta * (sn - lam)).sum())
        total = term if total is None else total + term
    if total is None:
        return (S * 0).sum()
    return total / n


def deep_metric_binomial(S, labels, beta, lam):
    """Semantics of bnu-wangxun/Deep_Metric losses/Binomial.py, non-mining branch.

    Deep_Metric's own argument names: its `alpha` is the NEGATIVE scale (here beta, the MS-paper
    naming gpw uses), the positive scale is hard-coded 2, its `margin` is lambda.
    - positives: same label AND S < 1 (self removed BY VALUE, strict);
    - per anchor: mean_pos log(1 + exp(-2 (S - lam))) + mean_neg log(1 + exp(beta (S - lam)));
    - anchors without negatives skipped; an anchor without positives makes the mean NaN (callers
      only use batches where that cannot happen; we raise ReferenceCrash);
    - sum / n.
    """
    n = S.shape[0]
    total = None
    for i in range(n):
        same = labels == labels[i]
        pos = same & (S[i] < 1)
        neg = ~same
        if not bool(neg.any()):
            continue
        if not bool(pos.any()):
            raise ReferenceCrash("anchor %d has no positive: mean of empty tensor is NaN" % i)
        term = torch.log(1 + torch.exp(-2 * (S[i][pos] - lam))).mean() \
            + torch.log(1 + torch.exp(beta * (S[i][neg] - lam))).mean()
        total = term if total is None else total + term
    if total is None:
        return (S * 0).sum()
    return total / n


class MSLossNoEarlyExit(pml_losses.MultiSimilarityLoss):
    """PML's MultiSimilarityLoss without GenericPairLoss's `all(len(x) <= 1)` early exit, to record
    what PML's own arithmetic gives in the cases where the exit fires."""

    def compute_loss(self, embeddings, labels, indices_tuple, ref_emb, ref_labels):
        from pytorch_metric_learning.utils import loss_and_miner_utils as lmu
        indices_tuple = lmu.convert_to_pairs(indices_tuple, labels, ref_labels)
        mat = self.distance(embeddings, ref_emb)
        return self.loss_method(mat, indices_tuple)


# --------------------------------------------------------------------------------------------
# References
# --------------------------------------------------------------------------------------------

def fmt(v):
    """Number as written in a gpw spec: 2, 40, 0.5, 0.05."""
    v = float(v)
    if v == int(v):
        return str(int(v))
    return repr(v)


class Ref:
    """One reference: name, how to build the PML objects or the re-implementation, spec string."""

    def __init__(self, name, spec, call, params, make=None, func=None, by_value=None):
        self.name = name
        self.spec = spec
        self.call = call
        self.params = params
        self.make = make    # (distance_factory) -> (loss, miner or None)     [PML]
        self.func = func    # (S, labels) -> L                                 [re-implementation]
        self.by_value = by_value  # self-exclusion threshold for re-implementations


def ref_ms_off(a, b, l):
    return Ref("pml.MultiSimilarityLoss",
               "ms:alpha=%s,beta=%s,lambda=%s,mining=off" % (fmt(a), fmt(b), fmt(l)),
               "MultiSimilarityLoss(alpha=%s, beta=%s, base=%s)" % (fmt(a), fmt(b), fmt(l)),
               dict(alpha=a, beta=b, base=l),
               make=lambda dist: (pml_losses.MultiSimilarityLoss(alpha=a, beta=b, base=l, distance=dist()), None))


def ref_ms_on(a, b, l, e):
    return Ref("pml.MultiSimilarityLoss+MultiSimilarityMiner",
               "ms:alpha=%s,beta=%s,lambda=%s,epsilon=%s,mining=on" % (fmt(a), fmt(b), fmt(l), fmt(e)),
               "MultiSimilarityLoss(alpha=%s, beta=%s, base=%s) + MultiSimilarityMiner(epsilon=%s)"
               % (fmt(a), fmt(b), fmt(l), fmt(e)),
               dict(alpha=a, beta=b, base=l, epsilon=e),
               make=lambda dist: (pml_losses.MultiSimilarityLoss(alpha=a, beta=b, base=l, distance=dist()),
                                  pml_miners.MultiSimilarityMiner(epsilon=e, distance=dist())))


def ref_ms_authors(a, b, l):
    return Ref("authors.MultiSimilarityLoss",
               "ms:alpha=%s,beta=%s,lambda=%s,epsilon=0.1,mining=on" % (fmt(a), fmt(b), fmt(l)),
               "research-ms-loss MultiSimilarityLoss semantics (SCALE_POS=%s, SCALE_NEG=%s, thresh=%s, margin=0.1), "
               "re-implemented" % (fmt(a), fmt(b), fmt(l)),
               dict(scale_pos=a, scale_neg=b, thresh=l, margin=0.1),
               func=lambda S, y: authors_ms(S, y, a, b, l), by_value=1 - 1e-5)


def ref_contrastive(p, n):
    return Ref("pml.ContrastiveLoss",
               "contrastive:pos-margin=%s,neg-margin=%s,reduction=nonzero" % (fmt(p), fmt(n)),
               "ContrastiveLoss(pos_margin=%s, neg_margin=%s, distance=CosineSimilarity())" % (fmt(p), fmt(n)),
               dict(pos_margin=p, neg_margin=n),
               make=lambda dist: (pml_losses.ContrastiveLoss(pos_margin=p, neg_margin=n, distance=dist()), None))


def ref_triplet_all(m):
    return Ref("pml.TripletMarginLoss",
               "triplet:margin=%s,triplets=all,reduction=nonzero" % fmt(m),
               "TripletMarginLoss(margin=%s, distance=CosineSimilarity())" % fmt(m),
               dict(margin=m),
               make=lambda dist: (pml_losses.TripletMarginLoss(margin=m, distance=dist()), None))


def ref_triplet_hard(m):
    return Ref("pml.TripletMarginLoss+BatchHardMiner",
               "triplet:margin=%s,triplets=hard,reduction=nonzero" % fmt(m),
               "TripletMarginLoss(margin=%s, distance=CosineSimilarity()) + BatchHardMiner(distance=CosineSimilarity())"
               % fmt(m),
               dict(margin=m),
               make=lambda dist: (pml_losses.TripletMarginLoss(margin=m, distance=dist()),
                                  pml_miners.BatchHardMiner(distance=dist())))


# Semihard, as PML's TripletMarginMiner defines it for an inverted distance (CosineSimilarity):
# triplet_margin = S_ap - S_an (ap_dist - an_dist when is_inverted), and "semihard" keeps the
# triplets with  0 < S_ap - S_an <= margin : the negative is LESS similar than the positive (not
# "hard") but still inside the margin (the triplet loss is active or exactly 0). It keeps ALL such
# triplets (not FaceNet's one hardest semi-hard negative per anchor-positive pair). The loss is
# then [S_an - S_ap + margin]_+ on the kept triplets, averaged over those > 0.
def ref_triplet_semihard(m):
    return Ref("pml.TripletMarginLoss+TripletMarginMiner(semihard)",
               "triplet:margin=%s,triplets=semihard,reduction=nonzero" % fmt(m),
               "TripletMarginLoss(margin=%s, distance=CosineSimilarity()) + TripletMarginMiner(margin=%s, "
               "type_of_triplets='semihard', distance=CosineSimilarity())" % (fmt(m), fmt(m)),
               dict(margin=m),
               make=lambda dist: (pml_losses.TripletMarginLoss(margin=m, distance=dist()),
                                  pml_miners.TripletMarginMiner(margin=m, type_of_triplets="semihard",
                                                                distance=dist())))


def ref_lifted(p, n):
    return Ref("pml.LiftedStructureLoss",
               "lifted:pos-margin=%s,neg-margin=%s" % (fmt(p), fmt(n)),
               "LiftedStructureLoss(neg_margin=%s, pos_margin=%s, distance=CosineSimilarity())" % (fmt(n), fmt(p)),
               dict(pos_margin=p, neg_margin=n),
               make=lambda dist: (pml_losses.LiftedStructureLoss(neg_margin=n, pos_margin=p, distance=dist()), None))


def ref_glifted(p, n):
    return Ref("pml.GeneralizedLiftedStructureLoss",
               "generalized-lifted:pos-margin=%s,neg-margin=%s,reduction=batch" % (fmt(p), fmt(n)),
               "GeneralizedLiftedStructureLoss(neg_margin=%s, pos_margin=%s, distance=CosineSimilarity())"
               % (fmt(n), fmt(p)),
               dict(pos_margin=p, neg_margin=n),
               make=lambda dist: (pml_losses.GeneralizedLiftedStructureLoss(neg_margin=n, pos_margin=p,
                                                                             distance=dist()), None))


def ref_binomial(b, l):
    return Ref("deep_metric.BinomialLoss",
               "binomial:alpha=2,beta=%s,lambda=%s" % (fmt(b), fmt(l)),
               "Deep_Metric BinomialLoss(alpha=%s, margin=%s) non-mining branch semantics, re-implemented "
               "(positive scale 2 hard-coded; Deep_Metric's `alpha` is the negative scale)" % (fmt(b), fmt(l)),
               dict(alpha_deep_metric=b, margin=l),
               func=lambda S, y: deep_metric_binomial(S, y, b, l), by_value=1.0)


def ref_npair():
    return Ref("pml.NPairsLoss", "npair", "NPairsLoss()", {},
               make=lambda dist: (pml_losses.NPairsLoss(distance=dist()), None))


def ref_histogram(r):
    return Ref("pml.HistogramLoss", "histogram:bins=%d" % r, "HistogramLoss(n_bins=%d)" % r, dict(n_bins=r),
               make=lambda dist: (pml_losses.HistogramLoss(n_bins=r, distance=dist()), None))


# --------------------------------------------------------------------------------------------
# Running one reference
# --------------------------------------------------------------------------------------------

def normalized_sim_with_unit_diag(x):
    """Plain path for the by-value re-implementations: S = f f^T with the diagonal set to exactly 1
    (what the references assume of an L2-normalised batch; see README on float round-off)."""
    f = torch.nn.functional.normalize(x, p=2, dim=1)
    S = f @ f.t()
    eye = torch.eye(x.shape[0], dtype=torch.bool)
    return torch.where(eye, torch.ones_like(S), S)


def run_leaf(ref, S0, labels, leaf_dist=LeafCosine, no_exit=False):
    """Returns (value, G, info) with G = dL/dS."""
    n = S0.shape[0]
    S = S0.clone().requires_grad_(True)
    info = {}
    if ref.func is not None:
        L = ref.func(S, labels)
    else:
        emb = torch.eye(n)
        loss, miner = ref.make(lambda: leaf_dist(S))
        if no_exit:
            loss = MSLossNoEarlyExit(alpha=ref.params["alpha"], beta=ref.params["beta"],
                                     base=ref.params["base"], distance=leaf_dist(S))
        idx = None
        if miner is not None:
            idx = miner(emb, labels)
            info["mined"] = [len(t) for t in idx]
        L = loss(emb, labels, idx)
    if L.requires_grad:
        L.backward()
    G = S.grad if S.grad is not None else torch.zeros_like(S)
    return float(L.detach()), G.detach().clone(), info


def run_plain(ref, x0, labels):
    """Returns (value, dL/dx) on the raw embeddings."""
    x = x0.clone().requires_grad_(True)
    if ref.func is not None:
        L = ref.func(normalized_sim_with_unit_diag(x), labels)
    else:
        loss, miner = ref.make(lambda: CosineSimilarity())
        idx = miner(x, labels) if miner is not None else None
        L = loss(x, labels, idx)
    if L.requires_grad:
        L.backward()
    g = x.grad if x.grad is not None else torch.zeros_like(x)
    return float(L.detach()), g.detach().clone()


def leaf_S_for(ref, x):
    S = cosine_matrix(x)
    if ref.func is not None:
        S = S.clone()
        S.fill_diagonal_(1.0)
    return S


def chain_rule(G, x):
    """dL/dx from G = dL/dS: dL/df_i = sum_j (G_ij + G_ji) f_j, dL/dx_i = (I - f_i f_i^T) dL/df_i / |x_i|."""
    nrm = x.norm(dim=1, keepdim=True)
    f = x / nrm
    gf = (G + G.t()) @ f
    radial = (gf * f).sum(dim=1, keepdim=True)
    return (gf - radial * f) / nrm


def rel_err(a, b):
    a = torch.as_tensor(a)
    b = torch.as_tensor(b)
    scale = max(float(b.abs().max()), 1e-300)
    return float((a - b).abs().max()) / scale


def evaluate(ref, x, labels, perturb_rng):
    """Full evaluation with all cross-checks. Returns a dict or raises ReferenceCrash."""
    S0 = leaf_S_for(ref, x)
    value, G, info = run_leaf(ref, S0, labels)
    pvalue, gx = run_plain(ref, x, labels)
    # cross-checks
    assert math.isfinite(value) and torch.isfinite(G).all(), ref.name
    assert abs(value - pvalue) <= 1e-12 * max(1.0, abs(value)), (ref.name, value, pvalue)
    gx_chain = chain_rule(G, x)
    if float(gx.abs().max()) > 0 or float(gx_chain.abs().max()) > 0:
        assert rel_err(gx_chain, gx) < 1e-9, (ref.name, rel_err(gx_chain, gx))
    diag = torch.diagonal(G)
    assert float(diag.abs().max()) == 0.0, (ref.name, "non-zero diagonal of G", diag)
    # fragility: perturb x by 1e-9 relative and check G and L barely move
    xp = x * (1 + 1e-9 * torch.from_numpy(perturb_rng.standard_normal(x.shape)))
    v2, G2, _ = run_leaf(ref, leaf_S_for(ref, xp), labels)
    gscale = max(float(G.abs().max()), 1e-12)
    fragile = (float((G2 - G).abs().max()) > 1e-6 * gscale) or (abs(v2 - value) > 1e-6 * max(abs(value), 1e-12))
    return dict(value=value, G=G, gx=gx, info=info, fragile=fragile, S=S0)


# --------------------------------------------------------------------------------------------
# Batches
# --------------------------------------------------------------------------------------------

def chol_rows(S):
    return np.linalg.cholesky(np.asarray(S, dtype=np.float64))


EX1_S = [[1.00, 0.70, 0.45, 0.10], [0.70, 1.00, 0.65, -0.20], [0.45, 0.65, 1.00, 0.40], [0.10, -0.20, 0.40, 1.00]]
EX3_S = [[1, .5, .1, 0], [.5, 1, .7, .35], [.1, .7, 1, .9], [0, .35, .9, 1]]
EX4_S = [[1, .6, .5, .3], [.6, 1, .7, .55], [.5, .7, 1, .45], [.3, .55, .45, 1]]


def scale_rows(rng, x, lo=0.2, hi=5.0):
    return x * np.exp(rng.uniform(np.log(lo), np.log(hi), size=(x.shape[0], 1)))


def clustered_batch(rng, sizes, d, spread, center_spread=1.0, shuffle=True):
    """Class centres around a common direction; samples = centre + spread * noise."""
    base = rng.standard_normal(d)
    base /= np.linalg.norm(base)
    rows, labels = [], []
    for c, k in enumerate(sizes):
        centre = base + center_spread * rng.standard_normal(d) / math.sqrt(d)
        for _ in range(k):
            rows.append(centre + spread * rng.standard_normal(d) / math.sqrt(d))
            labels.append(c)
    x = np.array(rows)
    labels = np.array(labels)
    if shuffle:
        perm = rng.permutation(len(labels))
        x, labels = x[perm], labels[perm]
    return scale_rows(rng, x), labels


def build_batches(rng):
    batches = []

    def add(bid, x, labels, note, tags=()):
        batches.append(dict(id=bid, x=np.asarray(x, dtype=np.float64), labels=np.asarray(labels, dtype=np.int64),
                            note=note, tags=set(tags)))

    # losses.md section 6 examples (S given; embeddings = Cholesky rows, Example 1 scaled as in §6)
    add("md-ex1", chol_rows(EX1_S) * np.array([[2.0], [0.5], [1.5], [3.0]]), [0, 0, 1, 1],
        "losses.md Example 1 (Cholesky rows scaled by [2, 0.5, 1.5, 3])", ["md"])
    th = np.deg2rad([0, 20, 40, 60, 80])
    add("md-ex2", np.stack([2 * np.cos(th), 0.5 * np.sin(th)], axis=1), [0, 0, 1, 1, 2],
        "losses.md Example 2 (PML test set-up, class 2 is a singleton)", ["md", "singleton"])
    add("md-ex3", chol_rows(EX3_S) * np.array([[1.0], [2.0], [0.7], [1.3]]), [0, 0, 1, 1],
        "losses.md Example 3 (PML early exit: one mined positive and one mined negative)", ["md"])
    add("md-ex4", chol_rows(EX4_S) * np.array([[0.4], [1.0], [2.5], [1.1]]), [0, 0, 0, 1],
        "losses.md Example 4 (class 1 is a singleton)", ["md", "singleton"])

    # regular P x K batches
    regular = [(2, 2), (2, 3), (3, 2), (2, 4), (3, 3), (4, 2), (2, 5), (3, 4), (4, 3), (5, 2), (3, 5), (4, 4),
               (6, 2), (5, 3), (4, 5), (6, 3), (8, 2), (5, 4), (6, 4), (4, 6 - 1), (7, 3), (8, 3), (12, 2), (6, 4)]
    for t, (p, k) in enumerate(regular):
        d = int(rng.integers(3, 17))
        spread = float(rng.choice([0.3, 0.6, 1.0, 1.5]))
        x, y = clustered_batch(rng, [k] * p, d, spread, center_spread=float(rng.choice([0.5, 1.0, 2.0])),
                               shuffle=bool(t % 2))
        add("reg-%02d-p%dk%d-d%d" % (t, p, k, d), x, y, "regular %d classes x %d, D=%d" % (p, k, d))

    # pure Gaussian, no class structure
    for t, (p, k, d) in enumerate([(2, 3, 3), (3, 3, 5), (4, 4, 8), (5, 3, 16), (3, 5, 4)]):
        x = scale_rows(rng, rng.standard_normal((p * k, d)))
        y = np.repeat(np.arange(p), k)
        perm = rng.permutation(p * k)
        add("gauss-%02d-p%dk%d-d%d" % (t, p, k, d), x[perm], y[perm], "isotropic Gaussian, labels unrelated")

    # unequal class sizes
    for t, sizes in enumerate([[2, 3], [4, 2, 3], [5, 2, 2, 3], [2, 2, 5, 3, 4], [3, 6, 2], [2, 4, 3, 5, 2, 3]]):
        d = int(rng.integers(3, 17))
        x, y = clustered_batch(rng, sizes, d, float(rng.choice([0.5, 1.0])))
        add("uneq-%02d-%s-d%d" % (t, "".join(map(str, sizes)), d), x, y, "unequal class sizes %s" % sizes)

    # a class with a single sample (and two singletons)
    for t, sizes in enumerate([[1, 3], [3, 1, 3], [4, 4, 1], [1, 2, 3, 4], [1, 1, 3, 3], [2, 1, 2, 1, 2]]):
        d = int(rng.integers(3, 17))
        x, y = clustered_batch(rng, sizes, d, float(rng.choice([0.5, 1.0])))
        add("single-%02d-%s-d%d" % (t, "".join(map(str, sizes)), d), x, y,
            "class sizes %s (singleton class)" % sizes, ["singleton"])

    # near-duplicate rows
    for t, (sizes, rel) in enumerate([([3, 3], 1e-4), ([2, 2, 2], 1e-3), ([4, 3, 3], 3e-4), ([2, 3], 1e-6),
                                      ([3, 3, 2], 1e-2)]):
        d = int(rng.integers(3, 17))
        x, y = clustered_batch(rng, sizes, d, 1.0, shuffle=False)
        # make row 1 a near-duplicate of row 0 (same class) and the last row a near-duplicate of
        # a row of another class (a near-duplicate negative)
        x[1] = x[0] * 1.7 + rel * np.linalg.norm(x[0]) * rng.standard_normal(d) / math.sqrt(d)
        x[-1] = x[0] * 0.6 + 10 * rel * np.linalg.norm(x[0]) * rng.standard_normal(d) / math.sqrt(d)
        perm = rng.permutation(len(y))
        add("neardup-%02d-rel%g-d%d" % (t, rel, d), x[perm], y[perm],
            "near-duplicates: a positive pair at relative noise %g, a negative pair at %g" % (rel, 10 * rel),
            ["neardup"])

    # highly clustered: every similarity close to 1
    for t, (sizes, spread) in enumerate([([3, 3], 0.05), ([2, 2, 2, 2], 0.02), ([4, 4, 4], 0.1), ([5, 5], 0.01),
                                         ([3, 3, 3, 3, 3], 0.03)]):
        d = int(rng.integers(3, 17))
        x, y = clustered_batch(rng, sizes, d, spread, center_spread=spread)
        add("tight-%02d-%s-d%d" % (t, "".join(map(str, sizes)), d), x, y,
            "highly clustered (spread %g): similarities near 1" % spread, ["tight"])

    # well separated: mining finds little or nothing
    for t, (sizes, spread) in enumerate([([2, 2], 0.05), ([3, 3, 3], 0.1), ([2, 2, 2], 0.3)]):
        d = int(rng.integers(6, 17))
        x, y = clustered_batch(rng, sizes, d, spread, center_spread=4.0)
        add("sep-%02d-%s-d%d" % (t, "".join(map(str, sizes)), d), x, y,
            "well-separated classes (spread %g)" % spread, ["separated"])
    return batches


# --------------------------------------------------------------------------------------------
# Hyper-parameter choices per reference
# --------------------------------------------------------------------------------------------

def candidates(name, rng):
    """A shuffled list of reference instances to try (first robust one wins)."""
    c = []
    if name == "ms_off":
        c = [ref_ms_off(a, b, l) for a in (1, 2) for b in (10, 40, 50) for l in (0.5, 1)]
    elif name == "ms_on":
        c = [ref_ms_on(a, b, l, e) for a in (1, 2) for b in (10, 40, 50) for l in (0.5, 1) for e in (0.1, 0.05, 0.2)]
    elif name == "ms_authors":
        c = [ref_ms_authors(a, b, l) for a in (1, 2) for b in (10, 40, 50) for l in (0.5, 1)]
    elif name == "contrastive":
        c = [ref_contrastive(p, n) for p in (0.6, 0.8, 1) for n in (0.05, 0.2, 0.3, 0.5)]
    elif name == "triplet_all":
        c = [ref_triplet_all(m) for m in (0.05, 0.1, 0.2, 0.3, 0.5)]
    elif name == "triplet_hard":
        c = [ref_triplet_hard(m) for m in (0.05, 0.1, 0.2, 0.3, 0.5)]
    elif name == "triplet_semihard":
        c = [ref_triplet_semihard(m) for m in (0.05, 0.1, 0.2, 0.3, 0.5)]
    elif name == "lifted":
        c = [ref_lifted(p, n) for p in (0, 0.5, 1) for n in (0, 0.5, 1)]
    elif name == "glifted":
        c = [ref_glifted(p, n) for p in (0, 0.5, 1) for n in (0, 0.5, 1)]
    elif name == "binomial":
        c = [ref_binomial(b, l) for b in (10, 40, 50) for l in (0.5, 1)]
    elif name == "npair":
        c = [ref_npair()]
    elif name == "histogram":
        c = [ref_histogram(r) for r in (4, 10, 20, 25, 50, 100)]
    order = rng.permutation(len(c))
    return [c[i] for i in order]


# Hyper-parameters pinned for the losses.md §6 batches, so that the fixtures reproduce the examples.
FORCED = {
    ("md-ex1", "ms_off"): ref_ms_off(2, 50, 0.5),
    ("md-ex1", "ms_on"): ref_ms_on(2, 40, 0.5, 0.1),
    ("md-ex1", "ms_authors"): ref_ms_authors(2, 40, 0.5),
    ("md-ex1", "triplet_all"): ref_triplet_all(0.1),
    ("md-ex1", "glifted"): ref_glifted(1, 0),
    ("md-ex1", "binomial"): ref_binomial(40, 0.5),
    ("md-ex1", "histogram"): ref_histogram(4),
    ("md-ex2", "ms_off"): ref_ms_off(2, 50, 0.5),
    ("md-ex2", "ms_on"): ref_ms_on(2, 50, 0.5, 0.1),
    ("md-ex3", "ms_on"): ref_ms_on(2, 40, 0.5, 0.1),
    ("md-ex3", "ms_authors"): ref_ms_authors(2, 40, 0.5),
    ("md-ex4", "ms_off"): ref_ms_off(2, 50, 0.5),
    ("md-ex4", "ms_on"): ref_ms_on(2, 50, 0.5, 0.1),
}

REF_KEYS = ["ms_off", "ms_on", "ms_authors", "contrastive", "triplet_all", "triplet_hard", "triplet_semihard",
            "lifted", "glifted", "binomial", "npair", "histogram"]


def applicable(key, batch):
    y = batch["labels"]
    counts = {c: int((y == c).sum()) for c in np.unique(y)}
    if key == "binomial":
        # the reference needs a positive and a negative for every anchor
        return min(counts.values()) >= 2 and len(counts) >= 2
    if key == "histogram":
        return True
    return True


def histogram_safe(ref, S, labels):
    """PML computes the bin index in float32: reject S values within 1e-6 bins of an edge, or whose
    float32 and float64 bin indices differ, and S >= 1 (index out of range)."""
    delta = 2.0 / ref.params["n_bins"]
    n = S.shape[0]
    iu = torch.triu_indices(n, n, 1)
    s = S[iu[0], iu[1]]
    if float(s.max()) >= 1.0 - 1e-9:
        return False
    t64 = (s + 1) / delta
    t32 = (s.float() + 1) / delta
    frac = t64 - torch.floor(t64)
    if float(torch.minimum(frac, 1 - frac).min()) < 1e-6:
        return False
    return bool((torch.floor(t64) == torch.floor(t32).double()).all())


def self_by_value_differs(threshold, S, labels):
    """True if some genuine (off-diagonal) positive pair has S >= threshold, i.e. the by-value self
    exclusion of the reference also drops it, where gpw (by index) keeps it."""
    n = S.shape[0]
    same = labels.unsqueeze(0) == labels.unsqueeze(1)
    off = ~torch.eye(n, dtype=torch.bool)
    return bool(((S >= threshold) & same & off).any())


def to_list(t):
    return [[float(v) for v in row] for row in t.tolist()]


def make_case(batch, ref, res, extra):
    case = {
        "id": "%s/%s" % (batch["id"], ref.name),
        "batch": batch["id"],
        "reference": ref.name,
        "spec": ref.spec,
        "call": ref.call,
        "note": batch["note"],
        "labels": [int(v) for v in batch["labels"]],
        "embeddings": to_list(torch.from_numpy(batch["x"])),
    }
    if res is None:
        case.update(value=None, gradient=None, embedding_gradient=None)
    else:
        case.update(value=res["value"], gradient=to_list(res["G"]), embedding_gradient=to_list(res["gx"]))
    case.update(extra)
    return case


def refs_for_batch(index, batch):
    """Every reference for small batches; for N > 12 a rotating subset of 4, to keep the fixture
    file small (embeddings and both gradients are stored per case)."""
    if len(batch["labels"]) <= 12:
        return REF_KEYS
    start = (4 * index) % len(REF_KEYS)
    return [REF_KEYS[(start + k) % len(REF_KEYS)] for k in range(4)]


def histogram_dropped_pairs(S, labels, n_bins):
    """PML's HistogramLoss builds its pairs from all (a, p, n) triplets, so a negative pair whose two
    samples both lack a positive (two singleton classes) never enters h-. Returns the number of such
    pairs and the loss the plain formula gives over ALL unordered pairs (numpy, float64)."""
    y = labels.numpy()
    n = len(y)
    iu = np.triu_indices(n, 1)
    s = S.numpy()[iu]
    same = y[iu[0]] == y[iu[1]]
    has_pos = np.array([(y == y[i]).sum() > 1 for i in range(n)])
    dropped = int(((~same) & ~has_pos[iu[0]] & ~has_pos[iu[1]]).sum())
    delta = 2.0 / n_bins

    def density(vals):
        h = np.zeros(n_bins + 1)
        for t in vals:
            r = int(np.floor((t + 1) / delta))
            a = (t + 1 - r * delta) / delta
            h[r + 1] += a
            h[r] += 1 - a
        return h / len(vals)

    return dropped, float(np.sum(density(s[~same]) * np.cumsum(density(s[same]))))


def generate(batches, rng, log):
    cases = []
    for index, batch in enumerate(batches):
        x = torch.from_numpy(batch["x"])
        y = torch.from_numpy(batch["labels"])
        S = cosine_matrix(x)
        for key in refs_for_batch(index, batch):
            if not applicable(key, batch):
                continue
            chosen = None
            fallback = None  # a robust candidate whose loss is exactly 0 (used if no other exists)
            cands = candidates(key, rng)
            forced = FORCED.get((batch["id"], key))
            if forced is not None:
                cands = [forced]
            for ref in cands:
                extra = {}
                if key == "histogram" and not histogram_safe(ref, S, y):
                    continue
                try:
                    res = evaluate(ref, x, y, rng)
                except ReferenceCrash as e:
                    # the reference raises for this batch whatever the hyper-parameters
                    extra["crashes"] = True
                    extra["crash_reason"] = str(e)
                    chosen = (ref, None, extra)
                    break
                if res["fragile"]:
                    continue
                if ref.by_value is not None:
                    extra["self_by_value_differs"] = self_by_value_differs(ref.by_value, S, y)
                if key == "binomial":
                    # Deep_Metric drops the self pair with `S < 1`; computed self-similarities of
                    # normalised embeddings are often 1 - 1ulp, and then the self pair leaks in as a
                    # positive. The fixture uses the intended semantics (diagonal exactly 1); record
                    # what the literal code would give on the computed S.
                    Sraw = cosine_matrix(x)
                    leaks = int((torch.diagonal(Sraw) < 1).sum())
                    extra["self_pair_leaks_rows"] = leaks
                    if leaks:
                        extra["value_with_computed_diagonal"] = float(ref.func(Sraw, y))
                if key == "ms_authors":
                    # cross-check: PML loss + miner with the same alpha, beta, lambda and epsilon 0.1
                    a, b, l = ref.params["scale_pos"], ref.params["scale_neg"], ref.params["thresh"]
                    pv, pG, pinfo = run_leaf(ref_ms_on(a, b, l, 0.1), leaf_S_for(ref_ms_on(a, b, l, 0.1), x), y)
                    same = abs(pv - res["value"]) <= 1e-12 * max(1, abs(pv)) and \
                        float((pG - res["G"]).abs().max()) <= 1e-12 * max(1, float(pG.abs().max()))
                    extra["equals_pml_with_miner"] = bool(same)
                    if not same:
                        extra["pml_with_miner_value"] = pv
                        if all(m <= 1 for m in pinfo["mined"]) and any(m > 0 for m in pinfo["mined"]):
                            extra["pml_with_miner_early_exit"] = True
                if key == "histogram":
                    dropped, all_value = histogram_dropped_pairs(S, y, ref.params["n_bins"])
                    if dropped:
                        extra["histogram_dropped_negative_pairs"] = dropped
                        extra["all_pairs_value"] = all_value
                if key == "ms_on":
                    mined = res["info"]["mined"]
                    extra["mined_counts"] = mined
                    if all(m <= 1 for m in mined):
                        if any(m > 0 for m in mined):
                            extra["pml_early_exit"] = True
                            fv, fG, _ = run_leaf(ref, leaf_S_for(ref, x), y, no_exit=True)
                            extra["formula_value"] = fv
                            extra["formula_gradient"] = to_list(fG)
                        else:
                            extra["nothing_mined"] = True
                if res["value"] == 0.0 and forced is None and "separated" not in batch["tags"]:
                    # prefer hyper-parameters that give the loss something to do
                    if fallback is None:
                        fallback = (ref, res, extra)
                    continue
                chosen = (ref, res, extra)
                break
            if chosen is None:
                chosen = fallback
            if chosen is None:
                log("  %-14s %-50s no robust hyper-parameters, dropped" % (batch["id"][:14], key))
                continue
            ref, res, extra = chosen
            cases.append(make_case(batch, ref, res, extra))
    return cases


# --------------------------------------------------------------------------------------------
# Sanity: losses.md §6 hand examples
# --------------------------------------------------------------------------------------------

def md_checks(log):
    """Evaluate every reference on losses.md Example 1 (and 2-4 for MS) straight from the given S
    (leaf path, exact S) and compare with the numbers printed in losses.md."""
    S1 = torch.tensor(EX1_S)
    y1 = torch.tensor([0, 0, 1, 1])
    problems = []

    def check(label, ref, S, y, want_value, want_G=None, tol=5e-7, leaf=LeafCosine):
        try:
            v, G, _ = run_leaf(ref, S, y, leaf_dist=leaf)
        except ReferenceCrash as e:
            v, G = None, None
            ok = want_value == "crash"
            log("  %-62s crash (%s)  %s" % (label, e, "OK" if ok else "MISMATCH"))
            if not ok:
                problems.append(label)
            return
        ok = want_value is None or abs(v - want_value) <= tol * max(1.0, abs(want_value)) + 1e-6
        gdiff = None
        if want_G is not None:
            gdiff = float((G - torch.tensor(want_G)).abs().max())
            ok = ok and gdiff <= 2e-6
        log("  %-62s L=%.8f (losses.md %s)%s  %s" % (
            label, v, "—" if want_value is None else "%.6f" % want_value,
            "" if gdiff is None else "  max|dG|=%.1e" % gdiff, "OK" if ok else "MISMATCH"))
        if want_value is None or not ok:
            log("      G = " + "  ".join("[" + ", ".join("%.6f" % g for g in row) + "]" for row in G.tolist()))
        if not ok:
            problems.append(label)

    log("losses.md §6 Example 1 (labels [0,0,1,1], S as printed):")
    W_authors = [[0, 0, 0, 0], [-0.100328, 0, 0.249382, 0], [0.000084, 0.249298, 0, -0.137458], [0, 0, 0, 0]]
    check("authors MS (2, 40, 0.5)", ref_ms_authors(2, 40, 0.5), S1, y1, 0.238927, W_authors)
    check("authors MS, paper values (2, 50, 1)", ref_ms_authors(2, 50, 1), S1, y1, 0.312596)
    check("PML MS defaults (2, 50, 0.5), no miner", ref_ms_off(2, 50, 0.5), S1, y1, 0.403189)
    check("PML MS defaults + miner(0.1)", ref_ms_on(2, 50, 0.5, 0.1), S1, y1, 0.238900)
    check("PML MS (2, 40, 0.5) + miner(0.1)", ref_ms_on(2, 40, 0.5, 0.1), S1, y1, 0.238927, W_authors)
    check("PML Contrastive cosine (pos 1, neg 0.5)  [not in losses.md]", ref_contrastive(1, 0.5), S1, y1, None)
    cp = Ref("x", "", "", {}, make=lambda dist: (pml_losses.ContrastiveLoss(distance=dist()), None))
    check("PML Contrastive defaults (Euclidean 0/1)", cp, S1, y1, 1.098361,
          [[0, -0.322749, 0, 0], [-0.322749, 0, 0.597614, 0], [0, 0.597614, 0, -0.228218], [0, 0, -0.228218, 0]],
          leaf=LeafEuclid)
    tp = Ref("x", "", "", {}, make=lambda dist: (pml_losses.TripletMarginLoss(distance=dist()), None))
    check("PML Triplet defaults (Euclidean, 0.05)", tp, S1, y1, 0.202711,
          [[0, 0, 0, 0], [0, 0, 0, 0], [0.476731, 0.597614, 0, -0.912871], [0, 0, 0, 0]], leaf=LeafEuclid)
    t3 = 1.0 / 3
    check("PML Triplet cosine, margin 0.1, all", ref_triplet_all(0.1), S1, y1, 0.183333,
          [[0, 0, 0, 0], [-t3, 0, t3, 0], [t3, t3, 0, -2 * t3], [0, 0, 0, 0]])
    check("PML Triplet cosine, margin 0.1, BatchHard  [not in losses.md]", ref_triplet_hard(0.1), S1, y1, None)
    check("PML Triplet cosine, margin 0.1, semihard  [not in losses.md]", ref_triplet_semihard(0.1), S1, y1, None)
    lp = Ref("x", "", "", {}, make=lambda dist: (pml_losses.LiftedStructureLoss(distance=dist()), None))
    check("PML Lifted defaults (Euclidean, neg 1, pos 0)", lp, S1, y1, 2.354367,
          [[0, -.646659, .266157, .155247], [-.646659, 0, .412497, .109248], [.308778, .478552, 0, -.530480],
           [.180107, .126743, -.530480, 0]], leaf=LeafEuclid)
    check("PML Lifted cosine (pos 1, neg 0)  [not in losses.md]", ref_lifted(1, 0), S1, y1, None)
    check("PML GeneralizedLifted cosine (pos 1, neg 0)", ref_glifted(1, 0), S1, y1, 1.422935,
          [[0, -.25, .146654, .103346], [-.25, 0, .175142, .074858], [.112542, .137458, 0, -.25],
           [.143611, .106389, -.25, 0]])
    gp = Ref("x", "", "", {}, make=lambda dist: (pml_losses.GeneralizedLiftedStructureLoss(distance=dist()), None))
    check("PML GeneralizedLifted defaults (Euclidean)", gp, S1, y1, 1.455051,
          [[0, -.322749, .136509, .079625], [-.322749, 0, .200488, .053098], [.106588, .165192, 0, -.228218],
           [.102804, .072344, -.228218, 0]], leaf=LeafEuclid)
    check("Deep_Metric Binomial (neg 40, lambda 0.5)", ref_binomial(40, 0.5), S1, y1, 2.187928,
          [[0, -.200656, .596015, .000001], [-.200656, 0, 4.987637, 0], [.596015, 4.987637, 0, -.274917],
           [.000001, 0, -.274917, 0]])
    check("PML NPairs", ref_npair(), S1, y1, 0.631714,
          [[0, -0.177172, 0, 0.177172], [0, 0, 0, 0], [0, 0.281088, 0, -0.281088], [0, 0, 0, 0]])
    check("PML Histogram n_bins=4", ref_histogram(4), S1, y1, 0.4725,
          [[0, -0.45, 0.35, 0.35], [0, 0, 0.10, 0.05], [0, 0, 0, -0.375], [0, 0, 0, 0]])

    # Example 1 embedding gradient of the authors' MS, raw x = rows * [2, .5, 1.5, 3] (6 d.p. rows)
    f6 = torch.tensor([[1, 0, 0, 0], [0.7, 0.714143, 0, 0], [0.45, 0.469094, 0.759902, 0],
                       [0.1, -0.378076, 0.700555, 0.596893]])
    xr = f6 * torch.tensor([[2.0], [0.5], [1.5], [3.0]])
    _, gx = run_plain(ref_ms_authors(2, 40, 0.5), xr, y1)
    want = torch.tensor([[0, -0.035805, 0.000032, 0], [-0.107321, 0.105196, 0.757896, 0],
                         [0.142850, 0.187880, -0.200573, -0.054699], [-0.018786, -0.028423, -0.021979, 0.010940]])
    d = float((gx - want).abs().max())
    ok = d < 5e-5  # the printed rows are rounded to 6 d.p.
    log("  %-62s max|d(dL/dx)|=%.1e  %s" % ("authors MS dL/dx (x = rows * [2,.5,1.5,3])", d, "OK" if ok else "MISMATCH"))
    if not ok:
        problems.append("authors MS dL/dx")

    log("losses.md §6 Examples 2-4:")
    th = np.deg2rad([0, 20, 40, 60, 80])
    x2 = torch.from_numpy(np.stack([2 * np.cos(th), 0.5 * np.sin(th)], axis=1))
    y2 = torch.tensor([0, 0, 1, 1, 2])
    S2 = cosine_matrix(x2)
    check("Ex2 PML MS (0.1, 40, 0.5), no miner", ref_ms_off(0.1, 40, 0.5), S2, y2, 5.81098211, tol=1e-8)
    check("Ex2 PML MS defaults, no miner", ref_ms_off(2, 50, 0.5), S2, y2, 0.58467714, tol=1e-8)
    check("Ex2 PML MS defaults + miner", ref_ms_on(2, 50, 0.5, 0.1), S2, y2, 0.51391469, tol=1e-8)
    check("Ex2 authors MS (crash: anchor 4 has no positive)", ref_ms_authors(2, 40, 0.5), S2, y2, "crash")
    S3 = torch.tensor(EX3_S, dtype=torch.float64)
    y3 = torch.tensor([0, 0, 1, 1])
    check("Ex3 authors MS (2, 40, 0.5)", ref_ms_authors(2, 40, 0.5), S3, y3, 0.13664549, tol=1e-8)
    check("Ex3 PML MS (2, 40, 0.5) + miner: early exit -> 0", ref_ms_on(2, 40, 0.5, 0.1), S3, y3, 0.0)
    v, G, _ = run_leaf(ref_ms_on(2, 40, 0.5, 0.1), S3, y3, no_exit=True)
    ok = abs(v - 0.13664549) < 1e-8
    log("  %-62s L=%.8f (losses.md 0.13664549)  %s" % ("Ex3 PML arithmetic without the early exit", v,
                                                        "OK" if ok else "MISMATCH"))
    if not ok:
        problems.append("Ex3 no-exit")
    S4 = torch.tensor(EX4_S, dtype=torch.float64)
    y4 = torch.tensor([0, 0, 0, 1])
    check("Ex4 PML MS defaults, no miner", ref_ms_off(2, 50, 0.5), S4, y4, 0.39251294, tol=1e-8)
    check("Ex4 PML MS defaults + miner", ref_ms_on(2, 50, 0.5, 0.1), S4, y4, 0.17469965, tol=1e-8)
    check("Ex4 authors MS (crash)", ref_ms_authors(2, 40, 0.5), S4, y4, "crash")
    return problems


def leaf_equals_plain_demo(log):
    """One explicit demonstration that the leaf-S path gives the same dL/dx as the plain path."""
    rng = np.random.default_rng(7)
    x = torch.from_numpy(scale_rows(rng, rng.standard_normal((6, 5))))
    y = torch.tensor([0, 0, 1, 1, 2, 2])
    ref = ref_ms_on(2, 40, 0.5, 0.1)
    v, G, _ = run_leaf(ref, cosine_matrix(x), y)
    pv, gx = run_plain(ref, x, y)
    log("leaf-S path vs plain path (MS + miner, 6x5): |dL|=%.1e, max rel d(dL/dx)=%.1e"
        % (abs(v - pv), rel_err(chain_rule(G, x), gx)))


def diag_roundoff_stats(batches):
    n_below = n_above = n_total = 0
    for b in batches:
        d = torch.diagonal(cosine_matrix(torch.from_numpy(b["x"])))
        n_total += d.numel()
        n_below += int((d < 1).sum())
        n_above += int((d > 1).sum())
    return n_total, n_below, n_above



# --------------------------------------------------------------------------------------------
# Independent check: losses.md §8 similarity forms, plain numpy, against the fixture values
# --------------------------------------------------------------------------------------------

def section8_check(cases, log):
    """Recompute L for contrastive, triplet (all), lifted, generalized-lifted and MS (off/on) from the
    losses.md §8 formulas in plain numpy, straight from the spec string, and report the worst
    relative error per reference. (PML early exits are compared via formula_value; the authors'
    by-value cases are skipped.)"""
    def S_of(x):
        f=x/np.linalg.norm(x,axis=1,keepdims=True); return f@f.T
    def params(spec):
        out={}
        if ':' in spec:
            for kv in spec.split(':')[1].split(','):
                k,v=kv.split('=');
                try: out[k]=float(v)
                except: out[k]=v
        return out
    def lse(v):
        m=v.max(); return m+np.log(np.exp(v-m).sum())
    def contrastive(S,y,p):
        n=len(y); P=[];N=[]
        for i in range(n):
            for j in range(n):
                if i==j: continue
                if y[i]==y[j]: P.append(max(0,p['pos-margin']-S[i,j]))
                else: N.append(max(0,S[i,j]-p['neg-margin']))
        f=lambda a:(np.mean([t for t in a if t>0]) if any(t>0 for t in a) else 0)
        return f(P)+f(N)
    def triplet(S,y,p):
        n=len(y);T=[]
        for a in range(n):
            for q in range(n):
                if q==a or y[q]!=y[a]: continue
                for m in range(n):
                    if y[m]==y[a]: continue
                    T.append(max(0,S[a,m]-S[a,q]+p['margin']))
        T=[t for t in T if t>0]; return np.mean(T) if T else 0
    def lifted(S,y,p):
        n=len(y);J=[]
        for i in range(n):
            for j in range(n):
                if i==j or y[i]!=y[j]: continue
                neg=[S[i,k]-p['neg-margin'] for k in range(n) if y[k]!=y[i]]+[S[j,k]-p['neg-margin'] for k in range(n) if y[k]!=y[j]]
                J.append(max(0,lse(np.array(neg))+p['pos-margin']-S[i,j])**2/2)
        return np.mean(J)
    def glifted(S,y,p):
        n=len(y);t=0
        for i in range(n):
            P=np.array([p['pos-margin']-S[i,k] for k in range(n) if k!=i and y[k]==y[i]])
            N=np.array([S[i,k]-p['neg-margin'] for k in range(n) if y[k]!=y[i]])
            t+=max(0,(lse(P) if len(P) else 0)+(lse(N) if len(N) else 0))
        return t/n
    def ms(S,y,p):
        n=len(y);t=0;a,b,l=p['alpha'],p['beta'],p['lambda']
        for i in range(n):
            P=[k for k in range(n) if k!=i and y[k]==y[i]]; N=[k for k in range(n) if y[k]!=y[i]]
            if p['mining']=='on':
                if not P or not N: continue
                mp=min(S[i,P]); mn=max(S[i,N])
                Pm=[k for k in P if S[i,k]-p['epsilon']<mn]; Nm=[k for k in N if S[i,k]+p['epsilon']>mp]
                P,N=Pm,Nm
            if P: t+=np.log1p(np.exp(-a*(S[i,P]-l)).sum())/a
            if N: t+=np.log1p(np.exp(b*(S[i,N]-l)).sum())/b
        return t/n
    F = {"contrastive": contrastive, "triplet": triplet, "lifted": lifted, "generalized-lifted": glifted, "ms": ms}
    worst = {}
    for c in cases:
        kind = c["spec"].split(":")[0]
        if kind not in F or c["value"] is None:
            continue
        if kind == "triplet" and "triplets=all" not in c["spec"]:
            continue
        if c.get("self_by_value_differs"):
            continue
        p = params(c["spec"])
        v = F[kind](S_of(np.array(c["embeddings"])), c["labels"], p)
        want = c.get("formula_value", c["value"])
        e = abs(v - want) / abs(want) if want != 0 else abs(v)
        if e >= worst.get(c["reference"], (-1, ""))[0]:
            worst[c["reference"]] = (e, c["id"])
    log("losses.md §8 forms (numpy) vs fixture values, worst relative error:")
    bad = []
    for k in sorted(worst):
        log("  %-52s %.1e  (%s)" % (k, worst[k][0], worst[k][1]))
        if worst[k][0] > 1e-10:
            bad.append(k)
    return bad


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=DEFAULT_OUT)
    ap.add_argument("--check-only", action="store_true")
    args = ap.parse_args()
    log = lambda s: print(s, flush=True)

    problems = md_checks(log)
    leaf_equals_plain_demo(log)
    if args.check_only:
        return 1 if problems else 0

    rng = np.random.default_rng(SEED)
    batches = build_batches(rng)
    total, below, above = diag_roundoff_stats(batches)
    log("diagonal of S from the raw batches: %d entries, %d below 1, %d above 1 (float64 round-off)"
        % (total, below, above))
    cases = generate(batches, rng, log)
    counts = {}
    for c in cases:
        counts[c["reference"]] = counts.get(c["reference"], 0) + 1
    out = {
        "generator": "scripts/reference/generate_fixtures.py (seed %d)" % SEED,
        "versions": {
            "python": platform.python_version(),
            "torch": torch.__version__,
            "pytorch_metric_learning": pytorch_metric_learning.__version__,
            "numpy": np.__version__,
            "msight-tech/research-ms-loss": AUTHORS_MS_COMMIT + " (ret_benchmark/losses/multi_similarity_loss.py, "
                                                               "semantics re-implemented)",
            "bnu-wangxun/Deep_Metric": DEEP_METRIC_COMMIT + " (losses/Binomial.py, semantics re-implemented)",
        },
        "dtype": "float64",
        "conventions": {
            "gradient": "G[i][j] = dL/dS[i][j], row = anchor; S[i][j] and S[j][i] are separate variables; "
                        "the diagonal is 0 in every case",
            "embedding_gradient": "dL/dx for the raw (unnormalised) embeddings",
            "null value": "crashes == true: the reference raises for this batch; no numbers",
            "pml_early_exit": "PML returned 0 because each mined index list had <= 1 entry; formula_value / "
                              "formula_gradient give PML's arithmetic without the exit",
            "self_by_value_differs": "the reference drops a genuine positive pair with S >= its self threshold",
        },
        "counts": counts,
        "sanity_mismatches_against_losses_md": problems,
        "cases": cases,
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as fh:
        json.dump(out, fh, separators=(",", ":"))
        fh.write("\n")
    log("wrote %d cases from %d batches to %s (%.2f MB)" % (len(cases), len(batches), args.out,
                                                            os.path.getsize(args.out) / 1e6))
    for k in sorted(counts):
        log("  %-52s %d" % (k, counts[k]))
    problems += section8_check(cases, log)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
