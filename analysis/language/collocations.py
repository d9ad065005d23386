"""Collocations: the words that keep company with the lexicon's head nouns, per group.

NLTK's bigram collocation finder over the sentences of each group (each story
once per group), scored by log-likelihood, around the head words of the
lexicon's multi-word cues ("partnership" of "no-limits partnership").
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd
from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder

from analysis.errors import InputError
from analysis.ingest.groups import group_labels
from analysis.language.counts import STOP_WORDS, articles_frame, one_per_story, term_tokens
from analysis.schema import conform, empty_frame
from analysis.text.tokens import sentence_table

__all__ = ["head_words", "common_nouns", "sentences_of", "collocations"]


def head_words(lexicon: Any, *, frames: Iterable[str] | None = None) -> list[str]:
    """Head words of the lexicon's multi-word cues: the last token that is not a wildcard.

    >>> from analysis.frames.lexicon import parse_lexicon
    >>> lex = parse_lexicon({"version": 1, "language": "en", "frames": {"x": {
    ...     "cues": ["strategic partnership", "best in * history", "lifeline", "boundless*"]}}})
    >>> head_words(lex)
    ['history', 'partnership']
    """
    from analysis.frames.cues import cue_tokens

    keys = list(frames) if frames is not None else list(lexicon.frames)
    heads = set()
    for key in keys:
        for cue in lexicon.frames[key].cues:
            toks = [t for t in cue_tokens(cue) if not any(ch in t for ch in "*?")]
            if len(cue_tokens(cue)) > 1 and toks and toks[-1] not in STOP_WORDS:
                heads.add(toks[-1])
    return sorted(heads)


def common_nouns(words: Iterable[str], texts: Iterable[str], *,
                 max_capitalized: float = 0.5) -> list[str]:
    """``words`` that the texts do not write capitalized mid-sentence most of the time.

    The cues' head words include the actors every sentence names ("china",
    "moscow", "kremlin"); collocations around them say little about framing.
    A word the corpus writes with a capital after a lower-case word more than
    ``max_capitalized`` of the time is a proper name and is dropped; words the
    corpus never uses are dropped too.

    >>> common_nouns(["order", "china"], ["Xi and China want an order that suits China."])
    ['order']
    """
    blob = "\n".join(texts)
    kept = []
    for word in words:
        found = re.findall(rf"(?<=[a-z,;] )({re.escape(word)})\b", blob, flags=re.IGNORECASE)
        if found and sum(f[:1].isupper() for f in found) <= max_capitalized * len(found):
            kept.append(word)
    return kept


def sentences_of(arts: pd.DataFrame) -> pd.DataFrame:
    """The sentence table (:func:`analysis.text.tokens.sentence_table`) of the articles ``arts``."""
    return sentence_table(arts.reset_index(drop=True))


def _padded_words(sentences: Iterable[str], window_size: int) -> Iterable[str | None]:
    """Tokens of all sentences, with ``window_size - 1`` Nones between sentences.

    NLTK's finder skips windows that start with None and pairs that end in None,
    so the padding keeps pairs from spanning two sentences.
    """
    pad = (None,) * (window_size - 1)
    return itertools.chain.from_iterable(
        itertools.chain(term_tokens(s), pad) for s in sentences)


def _group_collocations(sentences: Sequence[str], heads: set[str], *, window_size: int,
                        min_freq: int, n: int) -> pd.DataFrame:
    finder = BigramCollocationFinder.from_words(_padded_words(sentences, window_size),
                                                window_size=window_size)
    finder.apply_freq_filter(min_freq)
    finder.apply_word_filter(lambda w: w in STOP_WORDS)
    finder.apply_ngram_filter(lambda w1, w2: w1 not in heads and w2 not in heads)
    measures = BigramAssocMeasures()
    pmi = dict(finder.score_ngrams(measures.pmi))
    rows = [
        (head, w2 if head == w1 else w1, f"{w1} {w2}", finder.ngram_fd[(w1, w2)], pmi[(w1, w2)],
         lr)
        for (w1, w2), lr in finder.score_ngrams(measures.likelihood_ratio)
        for head in sorted({w1, w2} & heads)
    ]
    df = pd.DataFrame(rows, columns=["head", "collocate", "bigram", "freq", "pmi",
                                     "likelihood_ratio"])
    df = df.sort_values(["head", "likelihood_ratio", "bigram"], ascending=[True, False, True])
    df["rank"] = df.groupby("head").cumcount() + 1
    return df[df["rank"] <= n]


def collocations(corpus: Any, lexicon: Any = None, *, heads: Iterable[str] | None = None,
                 by: str = "outlet", window_size: int = 3, min_freq: int = 2,
                 n: int = 10) -> pd.DataFrame:
    """Words that occur near the frame cues' head words, per group (table *collocations*).

    NLTK's ``BigramCollocationFinder`` counts, within each sentence, a word
    followed by another at most ``window_size - 1`` tokens later; pairs seen
    fewer than ``min_freq`` times, pairs with a stop word and pairs without a
    head word are dropped; the rest are scored by PMI and by Dunning's
    likelihood ratio and ranked by the latter (top ``n`` per group and head).

    Args:
        corpus: a Corpus or articles DataFrame.
        lexicon: a Lexicon; its :func:`head_words` are used unless ``heads`` is given.
        heads: head words (normalised tokens), e.g. ``["partnership", "order"]``.
        by: outlet or origin.
    """
    if heads is None and lexicon is None:
        raise InputError("collocations need head words: pass a lexicon or heads=[...]")
    arts = articles_frame(corpus)
    if heads is None:
        heads = common_nouns(head_words(lexicon), arts["text"])
    head_set = {t for h in heads for t in term_tokens(h)}
    labels = group_labels(arts, by=by)
    keep = one_per_story(arts, labels)
    sents = sentences_of(arts[keep])
    group_of = dict(zip(arts["article_id"].astype(str), labels, strict=True))
    tables = []
    for group, texts in sents["text"].groupby(sents["article_id"].astype(str).map(group_of)):
        df = _group_collocations(texts.tolist(), head_set, window_size=window_size,
                                 min_freq=min_freq, n=n)
        tables.append(df.assign(group_by=by, group=group))
    if not tables:
        return empty_frame("collocations")
    return conform(pd.concat(tables, ignore_index=True), "collocations")

