"""The sentences behind the term tables: where each key term occurs, found as it was counted.

The term explorer of 03-language (:mod:`analysis.report.terms_explorer`) shows, for
a distinctive or key term, its sentences in each group. Its counts must be the
term tables' counts, so occurrences are found by the rule that counted them
(:mod:`analysis.language.counts`): the normalised tokens of
:func:`analysis.text.tokens.token_spans` (as :func:`~analysis.text.tokens.tokenize`),
numbers dropped (:func:`~analysis.language.counts.term_tokens`), stop words
removed (:data:`~analysis.language.counts.STOP_WORDS`), then unigrams and the
bigrams of neighbours that are left, as scikit-learn's ``CountVectorizer`` forms
them. Only the articles that count for their group are read: one copy of each
story per group (:func:`~analysis.language.counts.one_per_story`).

An occurrence belongs to the sentence (:func:`~analysis.text.tokens.split_sentences`,
whose index is the *sentences* table's ``sentence_id``) where it starts; a bigram
whose words lie in two sentences shows both. Long sentences are cut to a window
around the term (:data:`MAX_EXCERPT` characters).

>>> [t for t, _, _ in term_occurrences("The no-limits partnership, Xi said")]
['limits', 'limits partnership', 'partnership', 'partnership xi', 'xi']
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from analysis.ingest.groups import group_labels
from analysis.language.counts import STOP_WORDS, articles_frame, one_per_story
from analysis.text.tokens import fast_token_spans, split_sentences

__all__ = ["MAX_EXCERPT", "Occurrence", "TermSentences", "excerpt", "sample_keys",
           "term_occurrences", "term_sentences"]

#: Characters of a sentence shown at most: a window around the term, cut at both ends.
MAX_EXCERPT = 320

#: One place where a term occurs: the term and its character span in the text.
Occurrence = tuple[str, int, int]


def term_occurrences(text: str, terms: Collection[str] | None = None) -> list[Occurrence]:
    """Every unigram and bigram term of ``text`` with its span, as the term tables count them.

    Args:
        text: an article's cleaned text.
        terms: keep these terms only; ``None`` keeps every term.

    Returns:
        ``(term, start, end)`` in text order; a bigram spans both its words.

    >>> term_occurrences("Russia’s ties grew, Xi said.", {"russia ties", "xi"})
    [('russia ties', 0, 13), ('xi', 20, 22)]
    """
    tokens = fast_token_spans(text)
    kept = [(n, s, e) for n, s, e in zip(tokens.norms, tokens.starts, tokens.ends, strict=True)
            if n[0].isalpha() and n not in STOP_WORDS]
    found: list[Occurrence] = []
    for i, (norm, start, end) in enumerate(kept):
        if terms is None or norm in terms:
            found.append((norm, start, end))
        if i + 1 < len(kept):
            bigram = f"{norm} {kept[i + 1][0]}"
            if terms is None or bigram in terms:
                found.append((bigram, start, kept[i + 1][2]))
    return found


def excerpt(text: str, start: int, end: int, marks: Iterable[tuple[int, int]],
            *, max_chars: int = MAX_EXCERPT) -> list[tuple[str, bool]]:
    """``text[start:end]`` as pieces, ``True`` for the marked spans; long text cut to a window.

    The window of ``max_chars`` is centred on the first mark; an ellipsis stands
    for what was cut.

    >>> excerpt("Ties have no limits now.", 0, 24, [(10, 19)])
    [('Ties have ', False), ('no limits', True), (' now.', False)]
    >>> excerpt("a" * 50 + "X" + "b" * 50, 0, 101, [(50, 51)], max_chars=11)
    [('…aaaaa', False), ('X', True), ('bbbbb…', False)]
    """
    marks = sorted((max(s, start), min(e, end)) for s, e in marks if s < end and e > start)
    lo, hi = start, end
    if end - start > max_chars:
        centre = (marks[0][0] + marks[0][1]) // 2 if marks else start
        lo = max(start, min(centre - max_chars // 2, end - max_chars))
        hi = lo + max_chars
    pieces: list[tuple[str, bool]] = []
    at = lo
    for s, e in marks:
        s, e = max(s, at), min(e, hi)
        if s >= e:
            continue
        pieces += [(text[at:s], False), (text[s:e], True)]
        at = e
    pieces.append((text[at:hi], False))
    pieces = [p for p in pieces if p[0]]
    if pieces and lo > start:
        pieces[0] = ("…" + pieces[0][0], pieces[0][1])
    if pieces and hi < end:
        pieces[-1] = (pieces[-1][0] + "…", pieces[-1][1])
    return pieces


def sample_keys(rows: pd.DataFrame) -> pd.Series:
    """A fixed pseudo-random sort key per row: the same sample on every run and machine.

    pandas' row hash (a fixed SipHash key) of group, term, article and sentence.

    >>> rows = pd.DataFrame({"group": ["g", "g"], "term": ["t", "t"],
    ...                      "article_id": ["a", "a"], "sentence_id": [1, 2]})
    >>> keys = sample_keys(rows)
    >>> keys.equals(sample_keys(rows)), bool(keys[0] != keys[1])
    (True, True)
    """
    columns = ["group", "term", "article_id", "sentence_id"]
    return pd.util.hash_pandas_object(rows[columns].astype(str), index=False)


@dataclass
class TermSentences:
    """Where each term occurs, per group: counts and every sentence holding it.

    ``counts`` has one row per group x term (columns ``group``, ``term``,
    ``count``: occurrences, ``sentences``: sentences holding it); ``sentences``
    one row per group x term x sentence (``article_id``, ``sentence_id``,
    ``order``: the article's row, ``start``/``end``: what to show, ``marks``: the
    term's spans, ``key``: :func:`sample_keys`). ``groups`` are every group,
    largest (most articles) first; ``texts`` the articles' texts by ``order``.
    """

    counts: pd.DataFrame
    sentences: pd.DataFrame
    groups: list[str]
    texts: list[str]
    max_chars: int = MAX_EXCERPT

    def excerpts(self, rows: pd.DataFrame) -> list[list[tuple[str, bool]]]:
        """:func:`excerpt` of each of ``rows`` (some rows of ``sentences``)."""
        return [excerpt(self.texts[o], s, e, m, max_chars=self.max_chars) for o, s, e, m
                in zip(rows["order"], rows["start"], rows["end"], rows["marks"], strict=True)]


def _sentence_of(starts: list[int], pos: int) -> int:
    """Index of the sentence (by its start offset) holding character ``pos``."""
    return max(bisect_right(starts, pos) - 1, 0)


def _article_rows(text: str, found: list[Occurrence]
                  ) -> Iterable[tuple[str, int, int, int, int, tuple[tuple[int, int], ...]]]:
    """(term, sentence_id, occurrences, start, end, spans) per term and sentence it starts in.

    ``start``-``end`` runs from the start of that sentence to the end of the
    sentence where its last occurrence ends (a bigram can straddle two).
    """
    spans = split_sentences(text) or [(0, len(text))]
    starts = [s for s, _ in spans]
    by_sentence: dict[tuple[str, int], list[Occurrence]] = {}
    for occ in found:
        by_sentence.setdefault((occ[0], _sentence_of(starts, occ[1])), []).append(occ)
    for (term, k), occs in by_sentence.items():
        end = max(spans[k][1], spans[_sentence_of(starts, occs[-1][2] - 1)][1])
        yield term, k, len(occs), spans[k][0], end, tuple((s, e) for _, s, e in occs)


def term_sentences(articles: Any, terms: Collection[str], *, by: str = "outlet",
                   max_chars: int = MAX_EXCERPT) -> TermSentences:
    """Occurrences of ``terms`` in each group, and the sentences they are in.

    Args:
        articles: a Corpus or its articles table (``article_id``, ``text``, the
            ``by`` column, ``story_id``).
        terms: the terms to look for (unigrams or bigrams of the term tables).
        by: the group column, as the term tables were grouped.
        max_chars: see :func:`excerpt`.

    Returns:
        A :class:`TermSentences`; its ``count`` per group and term equals the
        term tables' (``n_target`` of *keyness*, ``count`` of *distinctive_terms*).
    """
    arts = articles_frame(articles)
    labels = group_labels(arts, by=by).astype(str)
    keep = one_per_story(arts, labels)
    wanted = frozenset(terms)
    texts = arts["text"].astype(str).tolist()
    rows = []
    for order, (article_id, text, group) in enumerate(zip(
            arts["article_id"].astype(str), texts, labels, strict=True)):
        found = term_occurrences(text, wanted) if keep[order] else []
        rows += [(group, article_id, order, *row) for row in
                 (_article_rows(text, found) if found else ())]
    sentences = pd.DataFrame(rows, columns=["group", "article_id", "order", "term",
                                            "sentence_id", "n", "start", "end", "marks"])
    sentences["key"] = sample_keys(sentences)
    counts = (sentences.groupby(["group", "term"], sort=False)
              .agg(count=("n", "sum"), sentences=("n", "size")).reset_index())
    sizes = labels[keep].value_counts()
    groups = sorted(labels.unique(), key=lambda g: (-int(sizes.get(g, 0)), g))
    return TermSentences(counts, sentences.drop(columns="n"), groups, texts, max_chars)
