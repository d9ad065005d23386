"""The tables of a scoring run, built a chunk of articles at a time.

:class:`TableParts` takes each chunk's articles (with their texts) and engine
results (:class:`~analysis.frames.scoring.ArticleResult`), makes that chunk's rows
of ``hits``, ``frame_scores``, ``evidence`` (and, if asked, ``sentences``), and
keeps only those rows: the texts go with the chunk. Each row depends only on its
own article, so the tables joined at the end are those of one pass over all the
articles. Story ids, known only once the whole corpus is read, are set last.

With ``spill=True`` the rows go to disk as each chunk is made
(:class:`analysis.outputs.SpilledTable`) and memory keeps only what the group
scores need, one compact row per article
(:class:`~analysis.frames.bootstrap.ArticleTotals`) and the tokens of each sentence.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import TYPE_CHECKING

import pandas as pd

from analysis.frames.bootstrap import ArticleTotals, SentenceCounts, ratio
from analysis.ingest.clean import part_at
from analysis.ingest.groups import group_labels
from analysis.outputs import SpilledTable
from analysis.schema import VOICES, conform

if TYPE_CHECKING:
    from analysis.frames.scoring import ArticleResult

__all__ = ["ScoringWarning", "TableParts", "split_by_language", "warn_excluded"]


class ScoringWarning(UserWarning):
    """Articles were left out of the scores (e.g. not in the lexicon's language)."""


class TableParts:
    """Rows of the output tables, added a chunk of articles at a time.

    Args:
        frames: the lexicon's frames (one ``frame_scores`` row per article and frame).
        by: a grouping column other than outlet/origin is carried into the tables.
        keep_sentences: keep the ``sentences`` table (with its text); else only
            the tokens of each sentence (:class:`~analysis.frames.bootstrap.SentenceCounts`).
        spill: write the rows of ``hits``, ``frame_scores`` and ``evidence`` to disk
            chunk by chunk (:attr:`spilled`) instead of keeping them.
    """

    def __init__(self, frames: list[str], *, by: str, keep_sentences: bool,
                 spill: bool = False) -> None:
        self.frames, self.by, self.keep_sentences = frames, by, keep_sentences
        self._parts: dict[str, list[pd.DataFrame]] = {
            "hits": [], "frame_scores": [], "evidence": [], "sentences": []}
        self.spilled: dict[str, SpilledTable] = (
            {name: SpilledTable() for name in ("hits", "frame_scores", "evidence")}
            if spill else {})
        self.sentence_counts = SentenceCounts()
        self.totals = ArticleTotals(by=by)
        self.n_hits = self.n_negated = 0
        self.columns: set[str] = set()  # of the articles tables seen

    def add(self, articles: pd.DataFrame, results: list[ArticleResult]) -> None:
        """The rows of ``articles`` (articles table rows) scored as ``results``."""
        self.columns.update(articles.columns)
        if self.by not in articles:  # a JSONL chunk whose records all lack the field
            articles = articles.assign(**{self.by: ""})
        meta = _meta(articles)
        hits, sentences = _result_tables(results, meta)
        frame_scores = _frame_scores(results, hits, meta, self.frames)
        evidence = _evidence(hits, sentences, meta)
        if self.by not in ("outlet", "origin"):  # another column of the input
            groups = dict(zip(articles["article_id"], group_labels(articles, by=self.by),
                              strict=True))
            hits, frame_scores, evidence = (df.assign(**{self.by: df["article_id"].map(groups)})
                                            for df in (hits, frame_scores, evidence))
        self.sentence_counts.add(sentences)
        self.totals.add(frame_scores)
        self.n_hits += len(hits)
        self.n_negated += int(hits["negated"].sum())
        parts = {"hits": hits, "frame_scores": frame_scores, "evidence": evidence}
        if self.keep_sentences:
            parts["sentences"] = sentences
        for name, part in parts.items():
            if name in self.spilled:
                self.spilled[name].append(part)
            else:
                self._parts[name].append(part)

    def table(self, name: str, stories: Mapping[str, str] | None = None
              ) -> pd.DataFrame | SpilledTable:
        """Table ``name`` of every chunk so far, its ``story_id`` from ``stories`` if given;
        the parts are released. A spilled table stays on disk: its story ids are
        filled in as it is read back."""
        if name in self.spilled:
            if stories is not None:
                self.spilled[name].fill("story_id", "article_id", stories)
            return self.spilled[name]
        parts, self._parts[name] = self._parts[name], []
        if not parts:  # not kept
            return pd.DataFrame()
        filled = [p for p in parts if len(p)] or parts[:1]  # an empty part has no dtypes
        df = pd.concat(filled, ignore_index=True) if len(filled) > 1 else filled[0]
        if stories is not None and "story_id" in df:
            df["story_id"] = df["article_id"].map(stories).astype(df["story_id"].dtype)
        return df


def split_by_language(articles: pd.DataFrame, language: str
                      ) -> tuple[pd.DataFrame, list[dict[str, str]]]:
    """Articles in ``language`` (or of no known language), and one record per other."""
    lang = articles["language"].fillna("").astype(str).str.lower()
    bad = (lang != "") & (lang != language)
    excluded = [{"article_id": a, "language": la,
                 "reason": f"language {la!r} is not the lexicon's {language!r}"}
                for a, la in zip(articles.loc[bad, "article_id"], lang[bad], strict=True)]
    return articles.loc[~bad].reset_index(drop=True), excluded


def warn_excluded(excluded: list[dict[str, str]]) -> None:
    """One :class:`ScoringWarning` naming every article left out."""
    if excluded:
        warnings.warn(f"{len(excluded)} article(s) left out of the scores: "
                      + "; ".join(f"{e['article_id']} ({e['reason']})" for e in excluded),
                      ScoringWarning, stacklevel=3)


def _meta(articles: pd.DataFrame) -> pd.DataFrame:
    meta = articles.reindex(columns=["article_id", "outlet", "origin", "story_id", "text",
                                     "headline_end", "body_start"]).copy()
    meta[["headline_end", "body_start"]] = (meta[["headline_end", "body_start"]]
                                            .fillna(0).astype(int))
    meta = meta.fillna({"outlet": "", "origin": "", "story_id": ""})
    meta["origin"] = group_labels(meta, by="origin")
    meta["story_id"] = meta["story_id"].where(meta["story_id"] != "", meta["article_id"])
    return meta.set_index("article_id", drop=False)


_HIT_FIELDS = ["sentence_id", "frame", "cue", "start", "end", "voice", "speaker",
               "speaker_group", "negated", "probability", "explanation"]


def _result_tables(results: list[ArticleResult], meta: pd.DataFrame
                   ) -> tuple[pd.DataFrame, pd.DataFrame]:
    hit_rows = [(r.article_id, *h) for r in results for h in r.hits]
    hits = pd.DataFrame(hit_rows, columns=["article_id", *_HIT_FIELDS])
    hits = hits.astype({"sentence_id": int, "start": int, "end": int, "negated": bool})
    sent_rows = [(r.article_id, i, s, e, n) for r in results
                 for i, (s, e, n) in enumerate(r.sentences)]
    sents = pd.DataFrame(sent_rows, columns=["article_id", "sentence_id", "start", "end",
                                             "n_tokens"])
    texts = _texts(meta)
    sents["text"] = [texts[a][s:e] for a, s, e in
                     zip(sents["article_id"], sents["start"], sents["end"], strict=True)]
    lead = meta.loc[sents["article_id"], ["headline_end", "body_start"]]
    sents["part"] = part_at(sents["start"], lead["headline_end"], lead["body_start"])
    hits["part"] = hits.merge(sents[["article_id", "sentence_id", "part"]],
                              on=["article_id", "sentence_id"], how="left")["part"].to_numpy()
    cols = ["outlet", "origin", "story_id"]
    hits = hits.join(meta[cols], on="article_id")
    hits["matched_text"] = [texts[a][s:e] for a, s, e in
                            zip(hits["article_id"], hits["start"], hits["end"], strict=True)]
    return conform(hits, "hits"), conform(sents, "sentences")


def _frame_scores(results: list[ArticleResult], hits: pd.DataFrame, meta: pd.DataFrame,
                  frames: list[str]) -> pd.DataFrame:
    ids = [r.article_id for r in results]
    grid = pd.MultiIndex.from_product([ids, frames], names=["article_id", "frame"])
    support = hits[~hits["negated"]]
    counts = pd.DataFrame(index=grid)
    counts["hits"] = support.groupby(["article_id", "frame"]).size()
    counts["negated_hits"] = hits[hits["negated"]].groupby(["article_id", "frame"]).size()
    counts["sentences_with_frame"] = support.groupby(["article_id", "frame"])[
        "sentence_id"].nunique()
    by_voice = support.groupby(["article_id", "frame", "voice"]).size().unstack(fill_value=0)
    for v in VOICES:
        counts[f"hits_{v}"] = by_voice[v] if v in by_voice else 0
    df = counts.fillna(0).astype(int).reset_index()
    tokens = {r.article_id: r.n_tokens for r in results}
    n_sent = {r.article_id: len(r.sentences) for r in results}
    df["tokens"] = df["article_id"].map(tokens)
    df["sentences"] = df["article_id"].map(n_sent)
    df["hits_per_1k_tokens"] = ratio(df["hits"], df["tokens"]) * 1000
    df["share_of_sentences"] = ratio(df["sentences_with_frame"], df["sentences"])
    df = df.join(meta[["outlet", "origin", "story_id"]], on="article_id")
    return conform(df, "frame_scores")


def _texts(meta: pd.DataFrame) -> dict[str, str]:
    """Article id -> text as plain Python strings.

    Indexing a pandas string column copies the whole text on every access, which
    made slicing thousands of hits out of one long article quadratic in its length.
    """
    return dict(zip(meta["article_id"], meta["text"].fillna("").astype(str).tolist(),
                    strict=True))


def _evidence(hits: pd.DataFrame, sentences: pd.DataFrame, meta: pd.DataFrame) -> pd.DataFrame:
    sent = sentences.set_index(["article_id", "sentence_id"])
    keys = list(zip(hits["article_id"], hits["sentence_id"], strict=True))
    s_start = sent["start"].reindex(keys).to_numpy()
    s_text = sent["text"].reindex(keys).tolist()
    ev = hits[["article_id", "outlet", "origin", "sentence_id", "part", "frame", "cue", "voice",
               "speaker", "negated"]].copy()
    texts = _texts(meta)
    ev["left"] = [texts[a][ss:s] for a, ss, s in
                  zip(hits["article_id"], s_start, hits["start"], strict=True)]
    ev["match"] = hits["matched_text"]
    ev["right"] = [texts[a][e:ss + len(t)] for a, e, ss, t in
                   zip(hits["article_id"], hits["end"], s_start, s_text, strict=True)]
    ev["sentence"] = s_text
    return conform(ev, "evidence")
