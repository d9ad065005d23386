"""Keyness: which terms one group of articles uses more than another.

The statistics work on count vectors (from :mod:`analysis.language.counts`), so
they can be checked by hand on tiny arrays. Two measures are reported side by side:

- the **log-odds ratio with an informative Dirichlet prior** (Monroe, Colaresi &
  Quinn 2008, "Fightin' Words", *Political Analysis* 16(4), section 3.5), whose
  z-score shrinks the differences of rare terms towards zero;
- the **signed chi-square** of the 2 x 2 table (term vs other terms, target vs
  reference) as quanteda's ``textstat_keyness(measure = "chi2")`` computes it.

>>> arts = pd.DataFrame({"article_id": ["a1", "b1"], "outlet": ["a.com", "b.com"],
...     "text": ["Russia depends on China. Russia needs China.",
...              "A partnership without limits. A stabilizing partnership."]})
>>> keyness(arts, "a.com", by="outlet", n=2)["term"].tolist()
['china', 'russia']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.stats import chi2 as chi2_dist

from analysis.errors import InputError
from analysis.ingest.groups import GROUP_BY, group_labels  # noqa: F401  re-export for one release
from analysis.language.counts import TermCounts, term_counts
from analysis.schema import conform

__all__ = [
    "CORRECTIONS",
    "dirichlet_prior",
    "log_odds_dirichlet",
    "chi2_keyness",
    "keyness_stats",
    "keyness_all_groups",
    "keyness",
    "keyness_all",
]


#: Corrections of the chi-square, named as in quanteda's ``textstat_keyness``.
CORRECTIONS = ("default", "yates", "williams", "none")


_STAT_COLUMNS = ["term", "n_target", "n_reference", "log_odds", "z", "chi2", "p"]


def dirichlet_prior(corpus_counts: np.ndarray, *, strength: float = 1.0) -> np.ndarray:
    """Informative prior pseudo-counts: ``alpha_w = strength * y_w``.

    ``y_w`` is the count of term ``w`` in the whole corpus, so the prior's total
    ``alpha_0 = strength * N`` (``N`` tokens in the corpus): ``strength=1`` weighs
    the prior as much as the corpus, smaller values let the data speak more.

    >>> dirichlet_prior(np.array([4, 6]), strength=0.5).tolist()
    [2.0, 3.0]
    """
    if strength <= 0:
        raise ValueError(f"prior strength must be positive, got {strength}")
    return strength * np.asarray(corpus_counts, dtype=float)


def log_odds_dirichlet(y_i: np.ndarray, y_j: np.ndarray, alpha: np.ndarray, *,
                       alpha_0: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Log-odds ratio of each term in group i vs group j, with its z-score.

    Monroe, Colaresi & Quinn (2008), equations 16, 18 and 22::

        delta_w = log((y_wi + a_w) / (n_i + a_0 - y_wi - a_w))
                - log((y_wj + a_w) / (n_j + a_0 - y_wj - a_w))
        var(delta_w) ~= 1 / (y_wi + a_w) + 1 / (y_wj + a_w)
        z_w = delta_w / sqrt(var(delta_w))

    where ``y_wi`` is the count of term ``w`` in group ``i``, ``n_i`` the total
    count of group ``i``, ``a_w`` the prior pseudo-count of ``w`` and ``a_0`` the
    sum of all ``a_w``.

    Args:
        y_i: counts in the target group.
        y_j: counts in the reference group (same terms, same order).
        alpha: prior pseudo-counts (all positive), e.g. :func:`dirichlet_prior`.
        alpha_0: the prior's total when ``alpha`` is a subset of the vocabulary
            (default: ``alpha.sum()``).

    Returns:
        ``(delta, z)``; positive values mean the term is typical of group i.

    >>> delta, z = log_odds_dirichlet(np.array([3, 1]), np.array([1, 3]), np.array([2., 2.]))
    >>> delta.round(3).tolist(), z.round(3).tolist()
    ([1.022, -1.022], [1.399, -1.399])
    """
    y_i, y_j, alpha = (np.asarray(v, dtype=float) for v in (y_i, y_j, alpha))
    a0 = alpha.sum() if alpha_0 is None else alpha_0
    num_i, num_j = y_i + alpha, y_j + alpha
    delta = (np.log(num_i) - np.log(y_i.sum() + a0 - num_i)
             - np.log(num_j) + np.log(y_j.sum() + a0 - num_j))
    z = delta / np.sqrt(1.0 / num_i + 1.0 / num_j)
    return delta, z


def _yates_delta(a, b, c, d, n):
    """0.5 where quanteda applies Yates' correction, else 0."""
    expected_small = np.minimum.reduce([
        (a + b) * (a + c), (a + b) * (b + d), (a + c) * (c + d), (c + d) * (b + d),
    ]) / n < 5
    return np.where((np.abs(a * d - b * c) >= n / 2) & expected_small, 0.5, 0.0)


def _williams_q(a, b, c, d, n):
    with np.errstate(divide="ignore", invalid="ignore"):
        q = 1.0 + (n / (a + b) + n / (c + d) - 1.0) * (n / (a + c) + n / (b + d) - 1.0) / (6.0 * n)
    return np.where(a * b * c * d == 0, 1.0, q)


def chi2_keyness(a: np.ndarray, b: np.ndarray, *, correction: str = "default",
                 totals: tuple[float, float] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Signed chi-square and p-value per term, as quanteda's ``textstat_keyness``.

    For each term the 2 x 2 table is ``a`` (term in target), ``b`` (term in
    reference), ``c = n_target - a`` and ``d = n_reference - b``; ``N = a+b+c+d``
    and the expected target count ``E = (a+b)(a+c)/N``::

        chi2 = N * (|ad - bc| - N * delta)^2 / ((a+b)(c+d)(a+c)(b+d))

    signed ``+`` when ``a > E`` (the target uses the term more than expected) and
    ``-`` otherwise; ``p = P(chi2_1 >= |chi2|)``.

    Corrections (quanteda's ``correction`` argument):

    - ``"default"`` and ``"yates"``: ``delta = 0.5`` when ``|ad - bc| >= N/2``
      and any expected cell count is below 5, else 0 (quanteda applies Yates'
      correction only then, in both modes);
    - ``"williams"``: ``delta = 0`` and chi2 divided by Williams' ``q = 1 +
      (N/(a+b) + N/(c+d) - 1)(N/(a+c) + N/(b+d) - 1) / (6N)`` (``q = 1`` when a
      cell is 0). quanteda's C++ code currently *multiplies* by ``q`` (its test of
      this case is disabled); dividing is Williams' correction and reproduces
      the value quanteda's earlier test expected (4.017626);
    - ``"none"``: ``delta = 0``.

    Args:
        a: counts of each term in the target.
        b: counts of each term in the reference.
        correction: one of :data:`CORRECTIONS`.
        totals: ``(n_target, n_reference)`` when ``a`` and ``b`` are some of the
            terms only (default: their sums).

    >>> chi, p = chi2_keyness(np.array([7, 3]), np.array([2, 7]), correction="none")
    >>> chi.round(4).tolist(), p.round(4).tolist()
    ([4.3372, -4.3372], [0.0373, 0.0373])
    >>> chi2_keyness(np.array([7, 3]), np.array([2, 7]), correction="williams")[0].round(6)
    array([ 4.017626, -4.017626])
    """
    if correction not in CORRECTIONS:
        raise ValueError(f"correction must be one of {CORRECTIONS}, got {correction!r}")
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    n_target, n_reference = (a.sum(), b.sum()) if totals is None else totals
    c, d = n_target - a, n_reference - b
    n = a + b + c + d
    delta = _yates_delta(a, b, c, d, n) if correction in ("default", "yates") else 0.0
    with np.errstate(divide="ignore", invalid="ignore"):
        margins = (a + b) * (c + d) * (a + c) * (b + d)
        stat = n * (np.abs(a * d - b * c) - n * delta) ** 2 / margins
    if correction == "williams":
        stat = stat / _williams_q(a, b, c, d, n)
    stat = np.where(a > (a + b) * (a + c) / n, stat, -stat)
    return stat, chi2_dist.sf(np.abs(stat), 1)


def keyness_stats(target: np.ndarray, reference: np.ndarray, *, terms: Sequence[str],
                  prior: np.ndarray, correction: str = "default",
                  n: int | None = None) -> pd.DataFrame:
    """Both keyness measures for one target vs one reference, sorted by z (highest first).

    Terms used by neither side are dropped. ``n`` keeps the ``n`` first rows (all when
    None); the others are never put in the table, so keeping a few rows of a large
    vocabulary costs little.

    Args:
        target: term counts of the target (dense vector).
        reference: term counts of the reference.
        terms: the term of each column.
        prior: Dirichlet prior pseudo-counts (see :func:`dirichlet_prior`).
        correction: chi-square correction, see :func:`chi2_keyness`.

    Returns:
        Columns term, n_target, n_reference, log_odds, z, chi2, p.

    >>> df = keyness_stats(np.array([3, 1]), np.array([1, 3]), terms=["a", "b"],
    ...                    prior=np.array([2., 2.]))
    >>> df["term"].tolist()
    ['a', 'b']
    """
    target, reference = np.asarray(target).ravel(), np.asarray(reference).ravel()
    prior = np.asarray(prior, dtype=float)
    used = (target + reference) > 0
    # Unused terms add nothing to either side's total but their prior mass stays in alpha_0.
    a, b = target[used], reference[used]
    delta, z = log_odds_dirichlet(a, b, prior[used], alpha_0=prior.sum())
    rows = _top_candidates(z, n)
    totals = (float(a.sum()), float(b.sum()))
    a, b, delta, z = a[rows], b[rows], delta[rows], z[rows]
    stat, p = chi2_keyness(a, b, correction=correction, totals=totals)
    df = pd.DataFrame({
        "term": np.asarray(terms, dtype=object)[used][rows], "n_target": a.astype(np.int64),
        "n_reference": b.astype(np.int64), "log_odds": delta, "z": z, "chi2": stat, "p": p,
    })
    df = df.sort_values(["z", "term"], ascending=[False, True], kind="mergesort")
    return (df.head(n) if n is not None else df).reset_index(drop=True)


def _top_candidates(z: np.ndarray, n: int | None) -> np.ndarray | slice:
    """Rows that can be among the ``n`` highest z: those at or above the n-th highest
    (ties with it included, as the term decides among them), in their order.

    >>> _top_candidates(np.array([0.5, 2.0, 1.0, 2.0]), 1).tolist()
    [1, 3]
    """
    if n is None or n >= len(z) or np.isnan(z).any():
        return slice(None)
    if n <= 0:
        return np.array([], dtype=np.intp)
    nth = np.partition(z, len(z) - n)[len(z) - n]
    return np.flatnonzero(z >= nth)


def keyness_all_groups(group_counts: sparse.spmatrix, groups: Sequence[str], *,
                       terms: Sequence[str], prior_strength: float = 1.0,
                       correction: str = "default", n: int | None = None) -> pd.DataFrame:
    """Each group against all the others, in one tidy table.

    The reference of group ``g`` is the column sums minus ``g``'s row; the prior
    comes from the column sums (the whole corpus). Memory is one dense vector per
    group, i.e. it grows with the vocabulary.

    Args:
        group_counts: groups x terms count matrix (:func:`sum_by_group`).
        groups: name of each row.
        terms: term of each column.
        prior_strength: see :func:`dirichlet_prior`.
        correction: see :func:`chi2_keyness`.
        n: keep the ``n`` highest-z terms of each group (all when None).

    Returns:
        Columns group, reference ("rest"), rank and those of :func:`keyness_stats`.

    >>> g = sparse.csr_matrix([[3, 1], [1, 3]])
    >>> df = keyness_all_groups(g, ["x", "y"], terms=["a", "b"], n=1)
    >>> df[["group", "term"]].values.tolist()
    [['x', 'a'], ['y', 'b']]
    """
    counts = sparse.csr_matrix(group_counts)
    total = np.asarray(counts.sum(axis=0)).ravel()
    prior = dirichlet_prior(total, strength=prior_strength)
    tables = []
    for row, group in enumerate(groups):
        target = counts[row].toarray().ravel()
        df = keyness_stats(target, total - target, terms=terms, prior=prior,
                           correction=correction, n=n)
        tables.append(df.assign(group=group, reference="rest", rank=np.arange(1, len(df) + 1)))
    if not tables:
        return pd.DataFrame(columns=["group", "reference", "rank", *_STAT_COLUMNS])
    return pd.concat(tables, ignore_index=True)


def _require_comparison(counts: TermCounts) -> None:
    """InputError unless there are two articles in two groups to compare."""
    n, by = len(counts.articles), counts.by
    if n < 2:
        raise InputError(f"keyness compares groups of articles, but the corpus has {n} "
                         f"article(s): add articles from at least one other {by}")
    if len(counts.groups) < 2:
        raise InputError(f"keyness compares {by}s, but all {n} articles have {by} "
                         f"{counts.groups[0]!r}: there is no other {by} to compare against")


def keyness(corpus: Any, target: str, reference: str | None = None, *, by: str = "outlet",
            prior_strength: float = 1.0, correction: str = "default",
            n: int | None = None) -> pd.DataFrame:
    """Terms typical of group ``target`` against ``reference`` (None: all other groups).

    Both measures of :func:`analysis.language.keyness.keyness_stats`: the Monroe et al.
    log-odds with an informative Dirichlet prior from the whole corpus
    (``alpha_w = prior_strength * corpus count of w``) and quanteda's signed
    chi-square. Sorted by z, highest first; ``n`` keeps the top rows.
    """
    counts = term_counts(corpus, by=by)
    _require_comparison(counts)
    index = {g: i for i, g in enumerate(counts.groups)}
    for name in (target, reference):
        if name is not None and name not in index:
            raise InputError(f"no {by} {name!r} in the corpus; {by}s: {', '.join(counts.groups)}")
    if reference == target:
        raise InputError(f"cannot compare {by} {target!r} with itself")
    total = np.asarray(counts.group_counts.sum(axis=0)).ravel()
    y_t = counts.group_counts[index[target]].toarray().ravel()
    y_r = (total - y_t if reference is None
           else counts.group_counts[index[reference]].toarray().ravel())
    df = keyness_stats(y_t, y_r, terms=counts.terms, correction=correction,
                       prior=dirichlet_prior(total, strength=prior_strength), n=n)
    df = df.assign(group_by=by, group=target, reference=reference or "rest",
                   rank=np.arange(1, len(df) + 1))
    return conform(df, "keyness")


def keyness_all(corpus: Any, *, by: str = "outlet", prior_strength: float = 1.0,
                correction: str = "default", n: int | None = None) -> pd.DataFrame:
    """Every group against the rest in one table (see :func:`keyness`)."""
    counts = term_counts(corpus, by=by)
    _require_comparison(counts)
    df = keyness_all_groups(counts.group_counts, counts.groups, terms=counts.terms,
                            prior_strength=prior_strength, correction=correction, n=n)
    return conform(df.assign(group_by=by), "keyness")

