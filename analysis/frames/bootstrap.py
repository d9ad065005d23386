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

__all__ = ["ALL_STORIES", "ArticleTotals", "SentenceCounts", "group_scores", "ratio"]

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
        self._index: dict[str, tuple[int, int]] | None = None  # built on first lookup

    def add(self, sentences: pd.DataFrame) -> None:
        """Add the sentences (``article_id``, ``n_tokens``, in sentence order) of some articles."""
        ids = sentences["article_id"].to_numpy()
        starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]]) if len(ids) else []
        self._articles += ids[starts].tolist()
        self._lengths.append(np.diff(np.r_[starts, len(ids)]).astype(np.int32))
        self._tokens.append(sentences["n_tokens"].to_numpy(np.int32))
        self._index = None

    def tokens_of(self, article: str) -> np.ndarray:
        """The tokens of each sentence of one ``article`` (empty if it has none).

        Found through an index built once, so looking up every one-article group of a
        large corpus costs one pass, not one pass each (:meth:`of` reads all articles).

        >>> counts = SentenceCounts()
        >>> counts.add(pd.DataFrame({"article_id": ["a", "a", "b"], "n_tokens": [4, 6, 9]}))
        >>> counts.tokens_of("a").tolist(), counts.tokens_of("c").tolist()
        ([4, 6], [])
        """
        if self._index is None:
            self._tokens = [np.concatenate([np.empty(0, np.int32), *self._tokens])]
            self._lengths = [np.concatenate([np.empty(0, np.int32), *self._lengths])]
            ends = np.cumsum(self._lengths[0], dtype=np.int64).tolist()
            self._index = {}
            for a, end, k in zip(self._articles, ends, self._lengths[0].tolist(), strict=True):
                self._index.setdefault(a, (end - k, end))  # as of(): an id seen twice
        start, end = self._index.get(article, (0, 0))
        return self._tokens[0][start:end]

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


class ArticleTotals:
    """What :func:`group_scores` needs of the *frame_scores* table, one compact row per
    article: its group, story and sizes, and its counts (:data:`_SUMS`) per frame in
    an int32 array, added a chunk of frame_scores rows at a time.

    Args:
        by: the grouping column (``outlet``, ``origin`` or another frame_scores column).

    >>> fs = pd.DataFrame({"article_id": ["a", "a"], "frame": ["f", "g"], "outlet": "o",
    ...                    "story_id": "a", "tokens": 9, "sentences": 2, "hits": [1, 0],
    ...                    "sentences_with_frame": [1, 0], **{f"hits_{v}": 0 for v in VOICES}})
    >>> totals = ArticleTotals(by="outlet")
    >>> totals.add(fs)
    >>> len(totals), totals.frames, totals.counts()[0, 0].tolist()
    (1, ['f', 'g'], [1, 0])
    """

    def __init__(self, *, by: str) -> None:
        self.by = by
        self.frames: list[str] = []
        self._articles: list[pd.DataFrame] = []
        self._counts: list[np.ndarray] = []

    def add(self, frame_scores: pd.DataFrame) -> None:
        """Add the rows (every frame of each article) of some articles."""
        if not len(frame_scores):
            return
        frames = list(dict.fromkeys(frame_scores["frame"]))
        if not self.frames:
            self.frames = frames
        elif frames != self.frames:
            raise ValueError(f"frames {frames} differ from the first chunk's {self.frames}")
        per_article = frame_scores.drop_duplicates("article_id")
        rows = pd.Index(per_article["article_id"]).get_indexer(frame_scores["article_id"])
        cols = pd.Index(frames).get_indexer(frame_scores["frame"])
        counts = np.zeros((len(per_article), len(_SUMS), len(frames)), dtype=np.int32)
        counts[rows, :, cols] = frame_scores[_SUMS].to_numpy()
        self._counts.append(counts)
        self._articles.append(pd.DataFrame({
            "article_id": per_article["article_id"].to_numpy(),
            "group": per_article[self.by].to_numpy(),
            "story_id": per_article["story_id"].to_numpy(),
            "tokens": per_article["tokens"].to_numpy(np.int64),
            "sentences": per_article["sentences"].to_numpy(np.int64)}))

    def __len__(self) -> int:
        return sum(len(c) for c in self._counts)

    def set_story_ids(self, stories: Any) -> None:
        """Story ids looked up in ``stories`` (article id -> story id), known last."""
        for part in self._articles:
            part["story_id"] = part["article_id"].map(stories).astype(object)

    def articles(self) -> pd.DataFrame:
        """``article_id``, ``group``, ``story_id``, ``tokens``, ``sentences`` of each article."""
        if len(self._articles) != 1:
            self._articles = [pd.concat(self._articles, ignore_index=True) if self._articles
                              else pd.DataFrame(columns=["article_id", "group", "story_id",
                                                         "tokens", "sentences"])]
        return self._articles[0]

    def counts(self) -> np.ndarray:
        """Articles x :data:`_SUMS` x frames."""
        if len(self._counts) != 1:
            self._counts = [np.concatenate(self._counts) if self._counts
                            else np.zeros((0, len(_SUMS), 0), dtype=np.int32)]
        return self._counts[0]

    def scores(self, hits: Any, sentences: Any, *, n_boot: int = 1000,
               seed: int = 0) -> pd.DataFrame:
        """The *outlet_scores* table (:func:`group_scores`). ``hits`` (a DataFrame, or a
        table with ``chunks()`` such as :class:`analysis.outputs.SpilledTable`) is read
        only for the groups of one article, which are bootstrapped by sentences."""
        if n_boot < 1:
            raise InputError(f"n_boot must be at least 1, not {n_boot}")
        articles = self.articles()
        members = [(str(g), part.index.to_numpy())
                   for g, part in articles.groupby("group", sort=True)]
        if len(articles):
            keep = one_copy_per_story(articles["story_id"], articles["tokens"])
            members.append((ALL_STORIES, np.flatnonzero(keep)))
        alone = _by_article(_sentence_hits(hits, {articles["article_id"].iat[idx[0]]
                                                   for _, idx in members if len(idx) == 1}))
        parts = [self._group_rows(g, idx, alone, sentences, n_boot=n_boot, seed=seed)
                 for g, idx in members]
        columns = ["frame", *_SUMS, "group", "articles", "stories", "tokens", "sentences",
                   "hits_per_1k_tokens", "share_of_sentences", "hits_per_1k_low",
                   "hits_per_1k_high", "share_low", "share_high", "bootstrap_unit"]
        df = pd.DataFrame({c: np.concatenate([p[c] for p in parts]) for c in columns}
                          ) if parts else pd.DataFrame(columns=["frame", "group",
                                                                "bootstrap_unit", *_SUMS])
        df["group_by"] = self.by
        for col in ("articles", "stories", "tokens", "sentences",
                    "hits_per_1k_tokens", "hits_per_1k_low", "hits_per_1k_high",
                    "share_of_sentences", "share_low", "share_high"):
            if col not in df:
                df[col] = []
        return conform(df, "outlet_scores")

    def _group_rows(self, group: str, idx: np.ndarray, alone: dict[str, np.ndarray],
                    sentences: Any, *, n_boot: int, seed: int) -> dict[str, np.ndarray]:
        """The group's rows (one per frame) as columns of equal length: one DataFrame is
        made of all groups at the end, as a DataFrame per group cost 60 ms a group."""
        articles, counts = self.articles(), self.counts()[idx]
        n = len(self.frames)
        sums = counts.sum(axis=0, dtype=np.int64)
        tokens = articles["tokens"].to_numpy()[idx].sum()
        n_sentences = articles["sentences"].to_numpy()[idx].sum()
        if len(idx) >= 2:
            unit, units = "article", {
                "hits": counts[:, 0, :].astype(float),
                "with_frame": counts[:, 1, :].astype(float),
                "tokens": articles["tokens"].to_numpy(float)[idx],
                "sentences": articles["sentences"].to_numpy(float)[idx]}
        else:
            unit, units = "sentence", _sentence_units(articles["article_id"].iat[idx[0]],
                                                       alone, sentences, self.frames)
        rng = np.random.default_rng([seed, zlib.crc32(group.encode("utf-8"))])
        ci = _bootstrap(units, n_boot=n_boot, rng=rng)
        return {
            "frame": np.array(self.frames, dtype=object),
            **{c: sums[k] for k, c in enumerate(_SUMS)},
            "group": np.full(n, group, dtype=object),
            "articles": np.full(n, len(idx), dtype=np.int64),
            "stories": np.full(n, articles["story_id"].iloc[idx].nunique(), dtype=np.int64),
            "tokens": np.full(n, tokens, dtype=np.int64),
            "sentences": np.full(n, n_sentences, dtype=np.int64),
            "hits_per_1k_tokens": ratio(sums[0], np.full(n, tokens)) * 1000,
            "share_of_sentences": ratio(sums[1], np.full(n, n_sentences)),
            "hits_per_1k_low": ci["rate"][0], "hits_per_1k_high": ci["rate"][1],
            "share_low": ci["share"][0], "share_high": ci["share"][1],
            "bootstrap_unit": np.full(n, unit, dtype=object)}


def _sentence_hits(hits: Any, wanted: set[str]) -> pd.DataFrame:
    """``article_id``, ``sentence_id``, ``frame`` of the supporting hits of ``wanted``."""
    cols = ["article_id", "sentence_id", "frame"]
    if not wanted:  # no group of one article: the hits are not read at all
        return pd.DataFrame(columns=cols)
    chunks = hits.chunks() if hasattr(hits, "chunks") else [hits]
    found = [c.loc[c["article_id"].isin(wanted) & ~c["negated"], cols]
             for c in chunks if len(c)]
    return pd.concat(found, ignore_index=True) if found else pd.DataFrame(columns=cols)


def _by_article(hits: pd.DataFrame) -> dict[str, np.ndarray]:
    """``sentence_id`` and ``frame`` of the hits of each article, as one array each
    (rows: sentence id, frame), split once instead of filtered once per article."""
    if not len(hits):
        return {}
    order = np.argsort(hits["article_id"].to_numpy(dtype=object), kind="stable")
    ids = hits["article_id"].to_numpy(dtype=object)[order]
    pairs = np.column_stack([hits["sentence_id"].to_numpy(dtype=object)[order],
                             hits["frame"].to_numpy(dtype=object)[order]])
    starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]])
    return {ids[a]: pairs[a:b] for a, b in zip(starts, np.r_[starts[1:], len(ids)],
                                               strict=True)}


def _sentence_units(article: str, hits: dict[str, np.ndarray], sentences: Any,
                    frames: list[str]) -> dict[str, np.ndarray]:
    """The sentences of a group's only article as bootstrap units."""
    if isinstance(sentences, SentenceCounts):
        n_tokens = sentences.tokens_of(article)
        ids: list = list(range(len(n_tokens)))
    else:
        sents = sentences[sentences["article_id"] == article]
        n_tokens, ids = sents["n_tokens"].to_numpy(), sents["sentence_id"].tolist()
    row = {sid: k for k, sid in reversed(list(enumerate(ids)))}
    col = {f: k for k, f in enumerate(frames)}
    h = np.zeros((len(ids), len(frames)))
    for sid, frame in hits.get(article, ()):
        if sid in row and frame in col:
            h[row[sid], col[frame]] += 1
    return {"hits": h, "with_frame": (h > 0).astype(float),
            "tokens": np.asarray(n_tokens, dtype=float), "sentences": np.ones(len(ids))}


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
    totals = ArticleTotals(by=by)
    totals.add(frame_scores)
    return totals.scores(hits, sentences, n_boot=n_boot, seed=seed)
