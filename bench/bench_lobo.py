"""Variants of the learned scorer compared by leaving one gathering batch out.

    python bench/bench_lobo.py --variant baseline --variant char35 --out reports/lobo

Each variant is a set of :func:`analysis.frames.crossval.fit_model` options
(:data:`VARIANTS`: FrameModel parameters and how threshold folds are grouped).
For each, :func:`analysis.frames.crossval.cross_validate` with ``k="batch"``
fits the model on all coded batches but one and scores the one left out, for
every batch of ``--dev`` in turn; no learning curve. Printed
per variant: article-level precision, recall and F1 of the model alone and of
the ensemble pooled over the held-out batches (the lexicon, and so the
ensemble, is in-sample on batches it was written from), the macro F1, the
spread of F1 across batches, and the run time. With ``--out`` each variant's
pooled and per-batch tables are written as ``<variant>_articles.csv`` and
``<variant>_folds.csv``.
"""

from __future__ import annotations

import argparse
import time
import warnings
from pathlib import Path

import pandas as pd

from analysis.config import DEFAULT_DEV, DEFAULT_LEXICON
from analysis.frames.coding import coded_corpus, load_coding
from analysis.frames.crossval import BY_BATCH, cross_validate
from analysis.frames.lexicon import load_lexicon

#: fit_model options of each variant. ``baseline``: the model before the 0.80 floor
#: (2026-12-02), which ``prec80`` (now the defaults) was compared with. ``ctx1``,
#: ``ctx05``, ``ctx025``: the word features of the sentences either side, weight 1, 0.5
#: or 0.25.
VARIANTS: dict[str, dict] = {
    "baseline": {"options": {"min_precision": 0.85}},
    "c1": {"options": {"C": 1.0}},
    "c16": {"options": {"C": 16.0}},
    "prec80": {"options": {"min_precision": 0.80}},
    "prec75": {"options": {"min_precision": 0.75}},
    "f1opt": {"options": {"min_precision": 0.0}},
    "outlet_thr": {"threshold_groups": "outlet"},
    "batch_thr": {"threshold_groups": "batch"},
    "char35": {"options": {"char_ngrams": (3, 5)}},
    "mindf3": {"options": {"min_df": 3}},
    "linear_tf": {"options": {"sublinear_tf": False}},
    "ctx1": {"options": {"context": 1.0}},
    "ctx05": {"options": {"context": 0.5}},
    "ctx025": {"options": {"context": 0.25}},
}


def run(name: str, coding, corpus, lexicon) -> tuple[pd.DataFrame, pd.DataFrame, float]:
    started = time.perf_counter()
    cv = cross_validate(coding, corpus, lexicon, k=BY_BATCH, fractions=(1.0,),
                        fit_options=VARIANTS[name])
    return cv.articles, cv.per_fold, time.perf_counter() - started


def summary(name: str, articles: pd.DataFrame, per_fold: pd.DataFrame, seconds: float) -> str:
    lines = [f"== {name} {VARIANTS[name]} ({seconds / 60:.1f} min)"]
    for method in ("model", "ensemble"):
        a = articles[articles["method"] == method].set_index("frame")
        f = per_fold[per_fold["method"] == method]
        spread = f.groupby("frame", sort=False)["f1"].agg(["min", "mean", "max"]).round(3)
        table = a[["precision", "recall", "f1", "support"]].join(
            spread.rename(columns=lambda c: f"f1_{c}"))
        macro = f.groupby("fold")["f1"].mean()
        lines += [f"-- {method} (pooled over batches; F1 spread across batches)",
                  table.to_string(),
                  f"macro F1 pooled {a['f1'].mean():.3f}; per batch "
                  + ", ".join(f"{k.split()[-1]}:{v:.3f}" for k, v in macro.items())]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--variant", action="append", choices=list(VARIANTS), default=[])
    parser.add_argument("--dev", type=Path, default=DEFAULT_DEV)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    lexicon = load_lexicon(DEFAULT_LEXICON)
    coding = load_coding(args.dev)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = coded_corpus(coding)
    for name in args.variant or ["baseline"]:
        articles, per_fold, seconds = run(name, coding, corpus, lexicon)
        print(summary(name, articles, per_fold, seconds), flush=True)
        if args.out:
            args.out.mkdir(parents=True, exist_ok=True)
            articles.to_csv(args.out / f"{name}_articles.csv", index=False)
            per_fold.to_csv(args.out / f"{name}_folds.csv", index=False)


if __name__ == "__main__":
    main()
