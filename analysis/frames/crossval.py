"""Honest evaluation on the development corpus: grouped cross-validation of every method.

The coded excerpts are split into folds by :func:`fold_groups`: excerpts that
share an outlet or a story cluster (copies of one wire story) always fall in
the same fold, so no copy of a story and no outlet's house style sits on both
sides of a split. With ``k="batch"`` (``framing validate --folds batch``) each
gathering batch is left out in turn instead (:func:`fold_splits`): the model is
fitted on the other batches and tested on coverage gathered from other outlets
at another time, the nearest the development corpus comes to a new batch.
For each fold the learned scorer is fitted on the other folds only
(:func:`fit_model`, thresholds chosen on those folds too), and the held-out
excerpts are scored by the real pipeline
(:func:`analysis.frames.scoring.score_corpus` on the cleaned text) with each
method. A frame counts as found in an excerpt when it has any hit, negated
ones included: the codebook codes a denial or a dispute of a frame as
invoking it.

Reported (:class:`CrossValidation`): article-level and sentence-level
precision, recall and F1 per frame and method (pooled over the held-out folds,
and per fold with the spread of F1 across them), a learning curve (F1 against
the number of training excerpts) and every misfiring sentence.

The ensemble's confirmation (:data:`CONFIRM_THRESHOLD`): a cue hit counts in
the ensemble only where the model's probability for its sentence reaches the
frame's confirmation threshold. The thresholds cannot be chosen on folds of the
corpus the lexicon was written from (its cues look right there, so any
confirmation only loses recall); they were chosen where the lexicon's hits are
out of sample: batch k (2-5) scored by the lexicon written before it (2.0.0 to
2.3.0) and a model fitted on the other batches, the highest pooled article-level
F1 whose precision reaches 0.85 (lexicon CHANGELOG, 2.4.0).

The lexicon's figures here are in-sample when the lexicon was written with the
development corpus in view (as ``russia_china.yaml`` 2.0.0 was); the model's
are not: it never sees the fold it is tested on.
"""

from __future__ import annotations

import warnings
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from sklearn.model_selection import StratifiedGroupKFold

from analysis.frames.coding import FRAMES, Coding, coding_files, locate, sentence_labels
from analysis.frames.model import FrameModel
from analysis.frames.model_hits import METHODS
from analysis.frames.scoring import score_corpus
from analysis.provenance import checksum_files

__all__ = ["BY_BATCH", "CONFIRM_THRESHOLD", "CrossValidation", "fold_groups", "fold_splits",
           "fit_model",
           "cross_validate", "scores_table", "crossval_checksums", "found_frames",
           "sentence_units", "misfires"]


#: Per frame, the probability a cue hit's sentence needs to count in the ensemble
#: (0: cue hits count alone). Chosen on lexicon-unseen batches (module docstring).
CONFIRM_THRESHOLD = {"no_limits": 0.0, "asymmetric": 0.3, "stabilizing_force": 0.35}

#: ``folds`` that leaves one gathering batch out at a time (:func:`fold_splits`).
BY_BATCH = "batch"


@dataclass
class CrossValidation:
    """Cross-validated figures of every method (tidy tables, one row per observation)."""

    articles: pd.DataFrame  # method, frame, tp, fp, fn, precision, recall, f1, support
    sentences: pd.DataFrame  # the same, over sentences
    learning_curve: pd.DataFrame  # method, frame, train_articles, f1 (mean over folds)
    errors: pd.DataFrame  # method, frame, kind, article_id, sentence, cue
    cues: pd.DataFrame  # frame, cue, sentences, correct, precision (the lexicon's cues)
    folds: int | str  # a number of grouped folds, or "batch" (one batch left out at a time)
    n_articles: int
    per_fold: pd.DataFrame = field(default_factory=pd.DataFrame)  # article level, + fold

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables by output name (``framing validate --out``)."""
        return {"crossval_articles": self.articles, "crossval_sentences": self.sentences,
                "learning_curve": self.learning_curve, "crossval_errors": self.errors,
                "dev_cues": self.cues, "crossval_folds": self.per_fold}

    def spread(self) -> pd.DataFrame:
        """Article-level F1 of each method and frame across the held-out folds.

        Columns: method, frame, f1_min, f1_mean, f1_max (``per_fold`` summarised).
        """
        if self.per_fold.empty:
            return pd.DataFrame(columns=["method", "frame", "f1_min", "f1_mean", "f1_max"])
        return (self.per_fold.groupby(["method", "frame"], sort=False, as_index=False)["f1"]
                .agg(f1_min="min", f1_mean="mean", f1_max="max").round(3))

    def _design(self) -> str:
        if self.folds == BY_BATCH:
            return ("one gathering batch left out at a time: trained on the others, tested "
                    "on it; the lexicon is in-sample where it was written from these batches")
        return f"{self.folds} folds grouped by outlet and story"

    def to_text(self) -> str:
        """Plain-text report for the command line."""
        weak = self.cues[self.cues["precision"] < 0.8]
        return "\n".join([
            f"Cross-validated on the development corpus ({self.n_articles} coded excerpts, "
            f"{self._design()}; a frame is found when it has any hit, negated ones "
            "included):",
            "", "Article level (pooled over the held-out folds):",
            self.articles.to_string(index=False),
            "", "Article-level F1 across the held-out folds:",
            self.spread().to_string(index=False),
            "", "Sentence level:", self.sentences.to_string(index=False),
            "", "Learning curve (F1 by training excerpts, mean over folds):",
            self.learning_curve.to_string(index=False),
            "", "Ensemble: cue hits count where the model's probability reaches "
            + ", ".join(f"{f} {c:g}" for f, c in CONFIRM_THRESHOLD.items())
            + " (0: alone), plus model hits at the ensemble threshold.",
            "", f"Misfiring sentences: {len(self.errors)} (written with --out)",
            f"Cues below 0.8 sentence precision on the development corpus: {len(weak)}",
            weak.to_string(index=False) if len(weak) else "",
        ])


def crossval_checksums(lexicon: Any, dev: str | Path) -> dict[str, str]:
    """What cross-validated figures depend on: the lexicon and the coded corpus files.

    The files are those :func:`~analysis.frames.coding.load_coding` reads (each
    batch's excerpts and adjudicated coding); gathering passes (``candidates/``) and
    each coder's own file do not change the figures, so editing them does not
    invalidate a shipped model or its figures.
    """
    return {"lexicon": lexicon.checksum,
            "coding": checksum_files(coding_files(dev), root=Path(dev))}


def fold_groups(articles: pd.DataFrame) -> np.ndarray:
    """A group id per excerpt: connected components of 'same outlet' and 'same story'.

    >>> df = pd.DataFrame({"outlet": ["a", "b", "c", "d"], "story_id": ["s", "s", "t", "u"]})
    >>> fold_groups(df).tolist()
    [0, 0, 1, 2]
    """
    n = len(articles)
    rows, cols = [np.arange(n)], [np.arange(n)]
    for col in ("outlet", "story_id"):
        first = pd.Series(range(n)).groupby(articles[col].astype(str).to_numpy()).transform("min")
        rows.append(np.arange(n))
        cols.append(first.to_numpy())
    r, c = np.concatenate(rows), np.concatenate(cols)
    _, labels = connected_components(coo_matrix((np.ones(len(r)), (r, c)), shape=(n, n)),
                                     directed=False)
    return labels


def fit_model(coding: Coding, articles: pd.DataFrame, lexicon: Any, *,
              frames: tuple[str, ...] = FRAMES, options: dict[str, Any] | None = None,
              threshold_groups: str = "article",
              cue_cache: dict[str, tuple[bool, ...]] | None = None) -> FrameModel:
    """The learned scorer fitted on ``articles`` (cleaned text) and their coded phrases.

    Besides each frame's own threshold, the model carries the ensemble's
    confirmation thresholds (:data:`CONFIRM_THRESHOLD`), and an ensemble threshold
    is chosen on the same out-of-fold predictions, at the level the report counts:
    the best article-level F1 (precision at least ``min_precision``) of "a
    confirmed cue matches or the probability passes" over the training excerpts.
    1.0 (the model adds nothing) is a candidate.

    ``options`` are :class:`~analysis.frames.model.FrameModel` parameters (its
    defaults otherwise). ``threshold_groups``: what the folds of the out-of-fold
    predictions keep together, ``article``, ``outlet`` (outlets and stories,
    :func:`fold_groups`) or ``batch``. ``cue_cache`` (sentence -> which frames a
    cue matches) is filled and reused across calls, as cross-validation fits many
    models.
    """
    evidence = locate(coding.evidence, articles)
    units = sentence_labels(articles, evidence, frames)
    labels = units[list(frames)]
    group_of = dict(zip(articles["article_id"], _threshold_groups(articles, threshold_groups),
                        strict=True))
    model = FrameModel(**(options or {})).fit(units["text"].tolist(), labels,
                                              groups=units["article_id"].map(group_of).tolist(),
                                              articles=units["article_id"].tolist())
    cue = np.array([_cue_frames(lexicon, s, frames, cue_cache) for s in units["text"]],
                   dtype=bool).reshape(len(units), len(frames))
    truth = coding.labels.set_index("article_id").reindex(units["article_id"].unique())
    model.confirm_threshold_ = {f: CONFIRM_THRESHOLD.get(f, 0.0) for f in frames}
    confirmed = {f: cue[:, k] & (model.oof_[f] >= model.confirm_threshold_[f])
                 for k, f in enumerate(frames)}
    model.ensemble_threshold_ = {
        f: _article_threshold(units["article_id"], confirmed[f], model.oof_[f], truth[f],
                              model.min_precision)
        for f in frames}
    return model


def _threshold_groups(articles: pd.DataFrame, by: str) -> list:
    if by == "article":
        return articles["article_id"].tolist()
    if by == "outlet":
        return fold_groups(articles).tolist()
    if by == "batch":
        return articles["batch"].tolist()
    raise ValueError(f"threshold_groups is 'article', 'outlet' or 'batch', not {by!r}")


def _cue_frames(lexicon: Any, sentence: str, frames: tuple[str, ...],
                cache: dict[str, tuple[bool, ...]] | None) -> tuple[bool, ...]:
    """For each frame, whether a cue of the lexicon matches in ``sentence``."""
    if cache is not None and sentence in cache:
        return cache[sentence]
    found = {m.frame for m in lexicon.find(sentence)}
    flags = tuple(f in found for f in frames)
    if cache is not None:
        cache[sentence] = flags
    return flags


def _article_threshold(article_ids: pd.Series, cue: np.ndarray, proba: np.ndarray,
                       truth: pd.Series, min_precision: float) -> float:
    """The ensemble threshold with the best article-level F1 (ties: the higher one)."""
    y = truth.fillna(0).astype(bool).to_numpy()
    best = (False, -1.0, 1.0)
    for t in [*np.round(np.arange(0.3, 0.951, 0.025), 3), 1.0]:
        hit = pd.Series(cue | (proba >= t)).groupby(article_ids.to_numpy()).any()
        pred = hit.reindex(truth.index, fill_value=False).to_numpy()
        tp, fp, fn = (y & pred).sum(), (~y & pred).sum(), (y & ~pred).sum()
        precision = tp / (tp + fp) if tp + fp else 0.0
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        key = (precision >= min_precision, f1, float(t))
        if key[:2] >= best[:2]:
            best = key
    return best[2]


def found_frames(scores: Any, frames: tuple[str, ...]) -> pd.DataFrame:
    """Article x frame: True where the article has any hit of the frame (negated too)."""
    fs = scores.frame_scores
    fs = fs.assign(any_hit=(fs["hits"] + fs["negated_hits"]) > 0)
    return fs.pivot(index="article_id", columns="frame", values="any_hit")[list(frames)]


def scores_table(truth: pd.DataFrame, pred: pd.DataFrame, frames: tuple[str, ...]
                 ) -> pd.DataFrame:
    """tp, fp, fn, precision, recall, F1 and support per frame of 0/1 frames.

    >>> t = pd.DataFrame({"f": [1, 1, 0, 0]}); p = pd.DataFrame({"f": [1, 0, 1, 0]})
    >>> scores_table(t, p, ("f",))[["precision", "recall", "f1"]].values.tolist()
    [[0.5, 0.5, 0.5]]
    """
    rows = []
    for f in frames:
        y, p = truth[f].astype(bool).to_numpy(), pred[f].astype(bool).to_numpy()
        tp, fp, fn = int((y & p).sum()), int((~y & p).sum()), int((y & ~p).sum())
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
        rows.append({"frame": f, "tp": tp, "fp": fp, "fn": fn, "precision": round(precision, 3),
                     "recall": round(recall, 3), "f1": round(f1, 3), "support": int(y.sum())})
    return pd.DataFrame(rows)


def sentence_units(scores: Any, evidence: pd.DataFrame, frames: tuple[str, ...]
                    ) -> pd.DataFrame:
    """The scored sentences with gold and predicted 0/1 per frame."""
    sents = scores.sentences[["article_id", "sentence_id", "start", "text"]].copy()
    for f in frames:
        sents[f"gold_{f}"] = False
        sents[f"pred_{f}"] = False
    index = {(a, s): i for i, (a, s) in enumerate(zip(sents["article_id"], sents["sentence_id"],
                                                       strict=True))}
    starts = {a: g["start"].tolist() for a, g in sents.groupby("article_id")}
    for aid, frame, pos in zip(evidence["article_id"], evidence["frame"], evidence["start"],
                               strict=True):
        k = bisect_right(starts.get(aid, []), pos) - 1
        if pos >= 0 and k >= 0 and frame in frames:
            sents.iat[index[(aid, k)], sents.columns.get_loc(f"gold_{frame}")] = True
    for aid, sid, frame in zip(scores.hits["article_id"], scores.hits["sentence_id"],
                               scores.hits["frame"], strict=True):
        if frame in frames:
            sents.iat[index[(aid, sid)], sents.columns.get_loc(f"pred_{frame}")] = True
    return sents


def _fold_corpus(corpus: Any, ids: list[str]) -> Any:
    arts = corpus.articles
    return type("Fold", (), {"articles": arts[arts["article_id"].isin(ids)]
                             .reset_index(drop=True), "checksum": ""})()


def _restrict(scores: Any, ids: list[str]) -> Any:
    """The tables of a whole-corpus scoring run that cross-validation reads, for ``ids``."""
    keep = set(ids)
    return SimpleNamespace(**{name: (t := getattr(scores, name))[t["article_id"].isin(keep)]
                              for name in ("frame_scores", "hits", "sentences")})


def _evaluate_fold(coding: Coding, corpus: Any, model: FrameModel, test: list[str],
                   lexicon: Any, frames: tuple[str, ...], lexicon_scores: Any
                   ) -> dict[str, Any]:
    """Every method's found frames, sentence units and scores on the ``test`` excerpts.

    The lexicon is not fitted, so its hits come from one run over the whole corpus
    (``lexicon_scores``); model and ensemble score the fold with ``model``.
    """
    fold = _fold_corpus(corpus, test)
    evidence = locate(coding.evidence, fold.articles)
    out = {}
    for method in METHODS:
        scores = (_restrict(lexicon_scores, test) if method == "lexicon" else
                  score_corpus(fold, lexicon, method=method, model=model, n_boot=1))
        out[method] = (found_frames(scores, frames),
                       sentence_units(scores, evidence, frames), scores)
    return out


def _cue_precision(units: pd.DataFrame, hits: pd.DataFrame, frames: tuple[str, ...]
                   ) -> pd.DataFrame:
    """Sentence-level precision of every cue that fired (lexicon method)."""
    gold = units.set_index(["article_id", "sentence_id"])
    rows = []
    for (frame, cue), g in hits[hits["frame"].isin(frames)].groupby(["frame", "cue"]):
        keys = set(zip(g["article_id"], g["sentence_id"], strict=True))
        correct = sum(bool(gold.at[k, f"gold_{frame}"]) for k in keys)
        rows.append({"frame": frame, "cue": cue, "sentences": len(keys), "correct": correct,
                     "precision": round(correct / len(keys), 3)})
    return pd.DataFrame(rows, columns=["frame", "cue", "sentences", "correct", "precision"])


def misfires(method: str, units: pd.DataFrame, scores: Any, frames: tuple[str, ...]
            ) -> list[dict]:
    cues = scores.hits.groupby(["article_id", "sentence_id", "frame"])["cue"].agg(
        lambda c: "; ".join(sorted(set(c))))
    rows = []
    for f in frames:
        for kind, mask in (("false positive", units[f"pred_{f}"] & ~units[f"gold_{f}"]),
                           ("false negative", ~units[f"pred_{f}"] & units[f"gold_{f}"])):
            for r in units[mask].itertuples(index=False):
                rows.append({"method": method, "frame": f, "kind": kind,
                             "article_id": r.article_id, "sentence": r.text,
                             "cue": cues.get((r.article_id, r.sentence_id, f), "")})
    return rows


def fold_splits(articles: pd.DataFrame, truth: pd.DataFrame, k: int | str, *,
                frames: tuple[str, ...] = FRAMES) -> list[tuple[str, list[str], list[str]]]:
    """``(name, train ids, test ids)`` of each fold.

    ``k`` folds (a number) keep outlets and stories together (:func:`fold_groups`),
    stratified by the frames coded; ``k = "batch"`` (:data:`BY_BATCH`) leaves one
    gathering batch out at a time: train on the other batches, test on it.

    >>> arts = pd.DataFrame({"article_id": ["a", "b", "c"], "batch": [1, 2, 1]})
    >>> [(n, test) for n, _, test in fold_splits(arts, arts, "batch", frames=())]
    [('batch 1', ['a', 'c']), ('batch 2', ['b'])]
    """
    ids = articles["article_id"].to_numpy()
    if k == BY_BATCH:
        if "batch" not in articles or articles["batch"].nunique() < 2:
            raise ValueError("leaving one batch out needs at least two batches")
        batch = articles["batch"].to_numpy()
        return [(f"batch {b}", ids[batch != b].tolist(), ids[batch == b].tolist())
                for b in sorted(set(batch))]
    if not isinstance(k, int) or k < 2:
        raise ValueError(f"folds must be a number of at least 2 or {BY_BATCH!r}, not {k!r}")
    strata = truth[list(frames)].to_numpy().dot(1 << np.arange(len(frames)))
    cv = StratifiedGroupKFold(n_splits=k, shuffle=True, random_state=0)
    return [(f"fold {i}", ids[a].tolist(), ids[b].tolist())
            for i, (a, b) in enumerate(cv.split(ids, strata, fold_groups(articles)), 1)]


def _learning_curve(coding: Coding, corpus: Any, splits: list, lexicon: Any,
                    frames: tuple[str, ...], fractions: tuple[float, ...],
                    full: list[dict[str, pd.DataFrame]], fit: Any) -> pd.DataFrame:
    """F1 by training share; ``full``: each fold's found frames with all its training data."""
    truth = coding.labels.set_index("article_id")
    rows = []
    for frac in fractions:
        for (_, train, test), whole in zip(splits, full, strict=True):
            keep = sorted(train)[: max(10, round(frac * len(train)))] if frac < 1 else train
            model = fit(keep) if frac < 1 else None
            for method in ("model", "ensemble"):
                found = whole[method] if model is None else found_frames(score_corpus(
                    _fold_corpus(corpus, test), lexicon, method=method, model=model,
                    n_boot=1), frames)
                table = scores_table(truth.loc[found.index], found, frames)
                rows += [{"method": method, "frame": r.frame, "train_articles": len(keep),
                          "fraction": frac, "f1": r.f1} for r in table.itertuples()]
    df = pd.DataFrame(rows)
    return (df.groupby(["method", "frame", "fraction"], as_index=False)
            .agg(train_articles=("train_articles", "mean"), f1=("f1", "mean")).round(3))


def cross_validate(coding: Coding, corpus: Any, lexicon: Any, *, k: int | str = 5,
                   frames: tuple[str, ...] = FRAMES,
                   fractions: tuple[float, ...] = (0.25, 0.5, 1.0),
                   fit_options: dict[str, Any] | None = None) -> CrossValidation:
    """Cross-validation of every method on a coded corpus.

    Args:
        coding: the hand coding (:func:`analysis.frames.coding.load_coding`).
        corpus: the same excerpts loaded by :func:`analysis.ingest.corpus.load_corpus`
            (cleaned text, story clusters); ids must match the coding's.
        lexicon: the lexicon scored (its cues are not refitted per fold).
        k: folds grouped by outlet and story, or ``"batch"`` to leave one gathering
            batch out at a time (:func:`fold_splits`); ``fractions``: training shares
            of the learning curve.
        fit_options: keyword arguments of :func:`fit_model` for every model fitted
            (``options``, ``threshold_groups``), to compare variants.
    """
    arts = corpus.articles
    truth = coding.labels.set_index("article_id").loc[arts["article_id"]]
    splits = fold_splits(arts, truth, k, frames=frames)
    cue_cache: dict[str, tuple[bool, ...]] = {}

    def fit(ids: list[str]) -> FrameModel:
        return fit_model(coding, arts[arts["article_id"].isin(ids)], lexicon, frames=frames,
                         cue_cache=cue_cache, **(fit_options or {}))

    per_method: dict[str, list] = {m: [] for m in METHODS}
    errors: list[dict] = []
    full: list[dict[str, pd.DataFrame]] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        whole = score_corpus(corpus, lexicon, method="lexicon", n_boot=1)
        for name, train, test in splits:
            results = _evaluate_fold(coding, corpus, fit(train), test, lexicon, frames, whole)
            for method, (found, units, scores) in results.items():
                per_method[method].append((name, found, units))
                errors += misfires(method, units, scores, frames)
            full.append({m: r[0] for m, r in results.items()})
        curve = _learning_curve(coding, corpus, splits, lexicon, frames, fractions, full, fit)
    pooled, per_fold, sent_rows = [], [], []
    for method, parts in per_method.items():
        found = pd.concat([p[1] for p in parts])
        units = pd.concat([p[2] for p in parts])
        pooled.append(scores_table(truth.loc[found.index], found, frames).assign(method=method))
        per_fold += [scores_table(truth.loc[f.index], f, frames).assign(method=method, fold=n)
                     for n, f, _ in parts]
        gold = units[[f"gold_{f}" for f in frames]].set_axis(list(frames), axis=1)
        pred = units[[f"pred_{f}" for f in frames]].set_axis(list(frames), axis=1)
        sent_rows.append(scores_table(gold, pred, frames).assign(method=method))
    first = ["method", "frame"]
    return CrossValidation(
        articles=_order(pd.concat(pooled, ignore_index=True), first),
        sentences=_order(pd.concat(sent_rows, ignore_index=True), first),
        learning_curve=curve, errors=pd.DataFrame(errors),
        cues=_cue_precision(pd.concat([p[2] for p in per_method["lexicon"]]),
                            whole.hits[whole.hits["article_id"].isin(arts["article_id"])],
                            frames),
        folds=k if k == BY_BATCH else len(splits), n_articles=len(arts),
        per_fold=_order(pd.concat(per_fold, ignore_index=True), ["method", "fold", "frame"]))


def _order(df: pd.DataFrame, first: list[str]) -> pd.DataFrame:
    return df[first + [c for c in df.columns if c not in first]]
