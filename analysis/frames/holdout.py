"""The shipped scorer on coded text nobody looked at while writing it: a held-out test.

Cross-validation (:mod:`analysis.frames.crossval`) refits the model per fold, but
the lexicon is the same in every fold, and it was written with the development
corpus in view. A later batch of excerpts, gathered and hand-coded after the
lexicon, the model and the voice rules were fixed, measures all three as a user
meets them: :func:`evaluate_holdout` scores it with the shipped lexicon and
model (nothing is refitted) by every method and compares with the coders.

Reported (:class:`HoldoutEvaluation`): article-level and sentence-level
precision, recall and F1 per frame and method, each F1 with a 95% bootstrap
interval over excerpts (a small test set gives wide intervals, and the report
should show that), and every misfiring sentence.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from analysis.errors import InputError
from analysis.frames.coding import FRAMES, Coding, locate
from analysis.frames.crossval import found_frames, misfires, scores_table, sentence_units
from analysis.frames.model_hits import METHODS
from analysis.frames.scoring import score_corpus

__all__ = ["HoldoutEvaluation", "evaluate_holdout", "f1_interval"]


@dataclass
class HoldoutEvaluation:
    """Figures of the fixed scorer on a held-out coded batch (tidy tables)."""

    articles: pd.DataFrame  # method, frame, tp, fp, fn, precision, recall, f1, f1_low, f1_high
    sentences: pd.DataFrame  # the same over sentences (interval resampled by excerpt)
    errors: pd.DataFrame  # method, frame, kind, article_id, sentence, cue
    n_articles: int

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables by output name (``framing validate --holdout … --out``)."""
        return {"holdout_articles": self.articles, "holdout_sentences": self.sentences,
                "holdout_errors": self.errors}

    def to_text(self) -> str:
        """Plain-text report for the command line."""
        cols = ["method", "frame", "precision", "recall", "f1", "f1_low", "f1_high", "support"]
        return "\n".join([
            f"Held-out batch ({self.n_articles} coded excerpts scored by the shipped lexicon "
            "and model, nothing refitted; F1 with a 95% bootstrap interval over excerpts):",
            "", "Article level:", self.articles[cols].to_string(index=False),
            "", "Sentence level:", self.sentences[cols].to_string(index=False),
            "", f"Misfiring sentences: {len(self.errors)} (written with --out)",
        ])


def f1_interval(y: np.ndarray, p: np.ndarray, groups: np.ndarray, *, n_boot: int = 1000,
                seed: int = 0) -> tuple[float, float]:
    """95% percentile interval of F1 with whole groups (excerpts) resampled.

    >>> y = np.array([1, 1, 0, 0] * 10, bool); p = np.array([1, 0, 0, 1] * 10, bool)
    >>> low, high = f1_interval(y, p, np.arange(40))
    >>> bool(low < 0.5 < high)
    True
    """
    y, p = np.asarray(y, bool), np.asarray(p, bool)
    codes, index = np.unique(np.asarray(groups), return_inverse=True)
    per = np.zeros((len(codes), 3))  # tp, fp, fn per group
    np.add.at(per, index, np.column_stack([y & p, ~y & p, y & ~p]).astype(float))
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, len(codes), size=(n_boot, len(codes)))
    tp, fp, fn = (per[draws].sum(axis=1)).T
    denom = 2 * tp + fp + fn
    f1 = np.divide(2 * tp, denom, out=np.zeros_like(tp), where=denom > 0)
    low, high = np.percentile(f1, [2.5, 97.5])
    return round(float(low), 3), round(float(high), 3)


def _with_intervals(table: pd.DataFrame, truth: pd.DataFrame, pred: pd.DataFrame,
                    groups: np.ndarray, frames: tuple[str, ...]) -> pd.DataFrame:
    bounds = [f1_interval(truth[f].to_numpy(), pred[f].to_numpy(), groups) for f in frames]
    return table.assign(f1_low=[b[0] for b in bounds], f1_high=[b[1] for b in bounds])


def evaluate_holdout(coding: Coding, corpus: Any, lexicon: Any, model: Any, *,
                     frames: tuple[str, ...] = FRAMES) -> HoldoutEvaluation:
    """Every method of the fixed scorer against the coders on a held-out batch.

    Args:
        coding: the batch's adjudicated coding (:func:`analysis.frames.coding.load_coding`).
        corpus: the same excerpts through the pipeline
            (:func:`analysis.frames.coding.coded_corpus`).
        lexicon: the shipped lexicon; ``model``: the shipped frame model. Neither
            is refitted.

    Raises:
        InputError: an excerpt has no coding (the message names it).
    """
    arts = corpus.articles
    uncoded = sorted(set(arts["article_id"]) - set(coding.labels["article_id"]))
    if uncoded:
        raise InputError(f"{len(uncoded)} excerpts have no line in the coding file, e.g. "
                         f"{', '.join(map(repr, uncoded[:5]))}: code them or remove them "
                         "from excerpts.jsonl")
    truth = coding.labels.set_index("article_id").loc[arts["article_id"]]
    evidence = locate(coding.evidence, arts)
    art_rows, sent_rows, errors = [], [], []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for method in METHODS:
            scores = score_corpus(corpus, lexicon, method=method, model=model, n_boot=1)
            found = found_frames(scores, frames).reindex(truth.index, fill_value=False)
            table = scores_table(truth, found, frames)
            art_rows.append(_with_intervals(table, truth, found, truth.index.to_numpy(),
                                            frames).assign(method=method))
            units = sentence_units(scores, evidence, frames)
            gold = units[[f"gold_{f}" for f in frames]].set_axis(list(frames), axis=1)
            pred = units[[f"pred_{f}" for f in frames]].set_axis(list(frames), axis=1)
            table = scores_table(gold, pred, frames)
            sent_rows.append(_with_intervals(table, gold, pred, units["article_id"].to_numpy(),
                                             frames).assign(method=method))
            errors += misfires(method, units, scores, frames)
    first = ["method", "frame"]

    def order(df: pd.DataFrame) -> pd.DataFrame:
        return df[first + [c for c in df.columns if c not in first]]

    return HoldoutEvaluation(
        articles=order(pd.concat(art_rows, ignore_index=True)),
        sentences=order(pd.concat(sent_rows, ignore_index=True)),
        errors=pd.DataFrame(errors), n_articles=len(arts))
