"""Frame scores of groups of articles, with bootstrap intervals (the *outlet_scores* table).

:func:`group_scores` sums the per-article frame scores of each group (the
``outlet``, or the ``origin``: who wrote it), and adds a corpus-wide row
``ALL (stories)`` that counts each story cluster once (its longest copy).
Intervals are 95% percentile bootstrap intervals resampling the group's articles,
or its sentences when the group has one article; each group draws from its own
generator seeded by ``seed`` and the group name, so a group's interval does not
depend on the other groups.

>>> ratio([1, 2], [4, 0]).tolist()
[0.25, 0.0]
"""

from __future__ import annotations

import zlib
from typing import Any

import numpy as np
import pandas as pd

from analysis.errors import InputError
from analysis.ingest.groups import check_group_by
from analysis.ingest.stories import one_copy_per_story
from analysis.schema import VOICES, conform

__all__ = ["ALL_STORIES", "SentenceCounts", "group_scores", "ratio"]

#: Group label of the corpus-wide row that counts each story cluster once.
ALL_STORIES = "ALL (stories)"
_CI = (2.5, 97.5)
_BOOT_BLOCK = 200  # bootstrap resamples drawn at a time (bounds memory)


def ratio(num: Any, den: Any) -> Any:
    """num / den, 0 where den is 0 (an article with no sentences scores zeros)."""
    num, den = np.asarray(num, dtype=float), np.asarray(den, dtype=float)
    return np.divide(num, den, out=np.zeros(np.broadcast(num, den).shape), where=den > 0)


class SentenceCounts:
    """Tokens of each sentence, by article: what the bootstrap needs of the sentences
    table (a group with one article resamples its sentences), without their text.

    >>> counts = SentenceCounts()
    >>> counts.add(pd.DataFrame({"article_id": ["a", "a", "b"], "n_tokens": [4, 6, 9]}))
    >>> counts.of(["b"]).values.tolist()
    [['b', 0, 9]]
    """

    def __init__(self) -> None:
        self._articles: list[str] = []
        self._lengths: list[np.ndarray] = []
        self._tokens: list[np.ndarray] = []

    def add(self, sentences: pd.DataFrame) -> None:
        """Add the sentences (``article_id``, ``n_tokens``, in sentence order) of some articles."""
        ids = sentences["article_id"].to_numpy()
        starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]]) if len(ids) else []
        self._articles += ids[starts].tolist()
        self._lengths.append(np.diff(np.r_[starts, len(ids)]).astype(np.int32))
        self._tokens.append(sentences["n_tokens"].to_numpy(np.int32))

    def of(self, articles: list[str]) -> pd.DataFrame:
        """``article_id``, ``sentence_id``, ``n_tokens`` of the sentences of ``articles``."""
        lengths = np.concatenate([np.empty(0, np.int32), *self._lengths])
        ends = np.cumsum(lengths, dtype=np.int64)
        tokens = np.concatenate([np.empty(0, np.int32), *self._tokens])
        wanted = set(articles)
        rows = [(a, i, int(n)) for a, end, k in zip(self._articles, ends, lengths, strict=True)
                if a in wanted for i, n in enumerate(tokens[end - k:end])]
        return pd.DataFrame(rows, columns=["article_id", "sentence_id", "n_tokens"])


_SUMS = ["hits", "sentences_with_frame", *(f"hits_{v}" for v in VOICES)]


def _bootstrap(units: dict[str, np.ndarray], *, n_boot: int, rng: np.random.Generator
               ) -> dict[str, np.ndarray]:
    """Percentile intervals of the hit rate and the sentence share, resampling units.

    ``units`` holds per-unit arrays: ``hits`` and ``with_frame`` (units x frames),
    ``tokens`` and ``sentences`` (units).
    """
    n = len(units["tokens"])
    rates, shares = [], []
    for done in range(0, n_boot if n else 0, _BOOT_BLOCK):
        counts = rng.multinomial(n, np.full(n, 1.0 / n), size=min(_BOOT_BLOCK, n_boot - done))
        rates.append(ratio(counts @ units["hits"], (counts @ units["tokens"])[:, None]) * 1000)
        shares.append(ratio(counts @ units["with_frame"],
                             (counts @ units["sentences"])[:, None]))
    if not rates:
        zeros = np.zeros(units["hits"].shape[1])
        return {"rate": np.array([zeros, zeros]), "share": np.array([zeros, zeros])}
    return {"rate": np.percentile(np.vstack(rates), _CI, axis=0),
            "share": np.percentile(np.vstack(shares), _CI, axis=0)}


def _units(fs: pd.DataFrame, hits: pd.DataFrame, sentences: pd.DataFrame,
           frames: list[str]) -> tuple[str, dict[str, np.ndarray]]:
    """Articles as bootstrap units, or the sentences of a group's only article."""
    articles = list(dict.fromkeys(fs["article_id"]))
    if len(articles) >= 2:
        wide = fs.pivot(index="article_id", columns="frame").reindex(articles)
        per_article = fs.drop_duplicates("article_id").set_index("article_id").loc[articles]
        return "article", {
            "hits": wide["hits"][frames].to_numpy(float),
            "with_frame": wide["sentences_with_frame"][frames].to_numpy(float),
            "tokens": per_article["tokens"].to_numpy(float),
            "sentences": per_article["sentences"].to_numpy(float)}
    sents = (sentences.of(articles) if isinstance(sentences, SentenceCounts)
             else sentences[sentences["article_id"].isin(articles)])
    support = hits[hits["article_id"].isin(articles) & ~hits["negated"]]
    per_sentence = (support.groupby(["sentence_id", "frame"]).size().unstack(fill_value=0)
                    .reindex(index=sents["sentence_id"], columns=frames, fill_value=0))
    h = per_sentence.to_numpy(float)
    return "sentence", {"hits": h, "with_frame": (h > 0).astype(float),
                        "tokens": sents["n_tokens"].to_numpy(float),
                        "sentences": np.ones(len(sents))}


def _group_rows(group: str, fs: pd.DataFrame, hits: pd.DataFrame, sentences: pd.DataFrame,
                frames: list[str], *, n_boot: int, seed: int) -> pd.DataFrame:
    per_article = fs.drop_duplicates("article_id")
    df = fs.groupby("frame")[_SUMS].sum().reindex(frames, fill_value=0).reset_index()
    df["group"] = group
    df["articles"] = len(per_article)
    df["stories"] = per_article["story_id"].nunique()
    df["tokens"] = per_article["tokens"].sum()
    df["sentences"] = per_article["sentences"].sum()
    df["hits_per_1k_tokens"] = ratio(df["hits"], df["tokens"]) * 1000
    df["share_of_sentences"] = ratio(df["sentences_with_frame"], df["sentences"])
    unit, units = _units(fs, hits, sentences, frames)
    rng = np.random.default_rng([seed, zlib.crc32(group.encode("utf-8"))])
    ci = _bootstrap(units, n_boot=n_boot, rng=rng)
    df["hits_per_1k_low"], df["hits_per_1k_high"] = ci["rate"]
    df["share_low"], df["share_high"] = ci["share"]
    df["bootstrap_unit"] = unit
    return df


def _longest_copies(frame_scores: pd.DataFrame) -> pd.DataFrame:
    """Rows of the one copy of each story cluster that counts corpus-wide (the longest)."""
    per_article = frame_scores.drop_duplicates("article_id")
    keep = per_article["article_id"][one_copy_per_story(per_article["story_id"],
                                                        per_article["tokens"])]
    return frame_scores[frame_scores["article_id"].isin(set(keep))]


def group_scores(frame_scores: pd.DataFrame, hits: pd.DataFrame, sentences: pd.DataFrame, *,
                 by: str = "outlet", n_boot: int = 1000, seed: int = 0) -> pd.DataFrame:
    """One row per group x frame (the *outlet_scores* table), plus the ``ALL (stories)`` rows.

    ``by`` is ``outlet``, ``origin`` or another column of ``frame_scores``.
    Intervals: 95% percentile bootstrap with
    ``n_boot`` resamples of the group's articles (of its sentences when it has one
    article); each group draws from its own generator seeded by ``seed`` and the
    group name, so a group's interval does not depend on the other groups.
    """
    check_group_by(by, frame_scores.columns)
    if n_boot < 1:
        raise InputError(f"n_boot must be at least 1, not {n_boot}")
    frames = list(dict.fromkeys(frame_scores["frame"]))
    parts = [_group_rows(str(g), fs, hits, sentences, frames, n_boot=n_boot, seed=seed)
             for g, fs in frame_scores.groupby(by, sort=True)]
    if len(frame_scores):
        parts.append(_group_rows(ALL_STORIES, _longest_copies(frame_scores), hits, sentences,
                                 frames, n_boot=n_boot, seed=seed))
    df = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
        columns=["frame", "group", "bootstrap_unit", *_SUMS])
    df["group_by"] = by
    for col in ("articles", "stories", "tokens", "sentences",
                "hits_per_1k_tokens", "hits_per_1k_low", "hits_per_1k_high",
                "share_of_sentences", "share_low", "share_high"):
        if col not in df:
            df[col] = []
    return conform(df, "outlet_scores")
