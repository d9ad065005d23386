"""Cue suggestions: terms typical of the sentences a frame already hits, for the lexicon.

A researcher reads them (with an example sentence each) before adding any to
the YAML; nothing is added automatically.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse

from analysis.ingest.stories import one_copy_per_story
from analysis.language.collocations import sentences_of
from analysis.language.counts import STOP_WORDS, articles_frame, fit_term_counts
from analysis.language.keyness import dirichlet_prior, keyness_stats
from analysis.schema import conform, empty_frame

__all__ = ["suggest_cues"]


def _frame_hits(sentences: Sequence[str], lexicon: Any) -> pd.DataFrame:
    """Sentences x frames: True where the sentence has a supporting (not negated) match."""
    hits = pd.DataFrame(False, index=range(len(sentences)), columns=list(lexicon.frames))
    for i, text in enumerate(sentences):
        for m in lexicon.find(text):
            if not m.negated:
                hits.iat[i, hits.columns.get_loc(m.frame)] = True
    return hits


def _cue_filter(lexicon: Any, frame: str):
    """A predicate: does a term repeat a cue of ``frame`` (or one of its words)?"""
    from analysis.frames.cues import cue_tokens

    words = {t for cue in lexicon.frames[frame].cues for t in cue_tokens(cue)
             if t.strip("*?") and t not in STOP_WORDS}

    def repeats_cue(term: str) -> bool:
        if any(fnmatch.fnmatchcase(tok, w) for tok in term.split() for w in words):
            return True
        return any(m.frame == frame for m in lexicon.find(term))

    return repeats_cue


def _frame_suggestions(frame: str, hit: np.ndarray, x: sparse.csr_matrix, terms: np.ndarray,
                       lexicon: Any, *, n: int, min_count: int, prior_strength: float,
                       correction: str) -> pd.DataFrame:
    total = np.asarray(x.sum(axis=0)).ravel()
    target = np.asarray(x[hit].sum(axis=0)).ravel()
    df = keyness_stats(target, total - target, terms=terms, correction=correction,
                       prior=dirichlet_prior(total, strength=prior_strength))
    df = df[(df["n_target"] >= min_count) & (df["z"] > 0)]
    repeats_cue = _cue_filter(lexicon, frame)
    kept = []
    for row in df.itertuples(index=False):  # sorted by z: stop after n candidates
        if not repeats_cue(row.term):
            kept.append(row)
        if len(kept) == n:
            break
    out = pd.DataFrame(kept, columns=df.columns).rename(
        columns={"n_target": "n_hit", "n_reference": "n_other"})
    return out.assign(frame=frame, rank=np.arange(1, len(out) + 1))


def _add_examples(df: pd.DataFrame, hits: pd.DataFrame, x: sparse.csr_matrix,
                  terms: np.ndarray, sents: pd.DataFrame) -> pd.DataFrame:
    """The first sentence that hits the row's frame and contains its term."""
    col = {t: i for i, t in enumerate(terms)}
    xc = x.tocsc()
    first = []
    for frame, term in zip(df["frame"], df["term"], strict=True):
        rows = xc[:, col[term]].indices
        first.append(next(r for r in sorted(rows) if hits.at[r, frame]))
    ex = sents.iloc[first]
    return df.assign(article_id=ex["article_id"].to_numpy(),
                     sentence_id=ex["sentence_id"].to_numpy(), example=ex["text"].to_numpy())


def suggest_cues(corpus: Any, lexicon: Any, *, n: int = 20, min_count: int = 2,
                 prior_strength: float = 1.0, correction: str = "default",
                 frames: Iterable[str] | None = None) -> pd.DataFrame:
    """Candidate cues per frame: terms typical of the sentences that hit it (table *suggestions*).

    Sentences (each story once) are split into those with a supporting match of
    the frame (``Lexicon.find``, negated matches excluded) and the rest; terms
    are ranked by the log-odds z-score of hit sentences against the rest
    (:func:`analysis.language.keyness.keyness_stats`). Terms seen fewer than ``min_count``
    times in hit sentences, stop words, and terms that repeat a cue of the frame
    or contain one of its words are left out. Each row names an example
    sentence for the researcher to judge before adding the term to the YAML.
    Frames that no sentence hits get no rows.
    """
    arts = articles_frame(corpus)
    arts = arts[one_copy_per_story(arts["story_id"], arts["text"].astype(str).str.len())]
    sents = sentences_of(arts)
    terms, x = fit_term_counts(sents["text"].tolist(), f"the sentences of {len(arts)} article(s)")
    hits = _frame_hits(sents["text"].tolist(), lexicon)
    tables = [
        _frame_suggestions(f, hits[f].to_numpy(), x, terms, lexicon, n=n, min_count=min_count,
                           prior_strength=prior_strength, correction=correction)
        for f in (frames if frames is not None else lexicon.frames) if hits[f].any()
    ]
    if not tables or all(t.empty for t in tables):
        return empty_frame("suggestions")
    df = pd.concat([t for t in tables if not t.empty], ignore_index=True)
    return conform(_add_examples(df, hits, x, terms, sents), "suggestions")

