"""Tests of analysis.text.tokens: token normalisation, offsets and counts on tiny strings."""

from __future__ import annotations

import random

import pandas as pd
import pytest

from analysis.text.tokens import (
    SentenceTokens,
    americanize,
    count_tokens,
    fast_token_spans,
    sentence_table,
    split_sentences,
    token_spans,
    tokenize,
)


@pytest.mark.parametrize(("text", "expected"), [
    # hyphens: "no-limits" equals "no limits"
    ("no-limits", ["no", "limits"]),
    ("no limits", ["no", "limits"]),
    ("“no-limits”", ["no", "limits"]),
    ("far-from-unambiguous", ["far", "from", "unambiguous"]),
    # curly and straight apostrophes, possessive 's as its own token
    ("Russia’s", ["russia", "'s"]),
    ("Russia's", ["russia", "'s"]),
    ("RUSSIA’S", ["russia", "'s"]),
    ("countries’ dependencies", ["countries", "dependencies"]),
    ("doesn’t", ["doesn't"]),
    ("O’Brien", ["o'brien"]),
    # numbers stay whole
    ("$240 billion", ["$240", "billion"]),
    ("US$200 billion", ["us", "$200", "billion"]),
    ("25 percent", ["25", "percent"]),
    ("25%", ["25%"]),
    ("7,000-word", ["7,000", "word"]),
    ("3.5 percent", ["3.5", "percent"]),
    ("21st century", ["21st", "century"]),
    ("1990s", ["1990s"]),
    # British spellings map to American ones
    ("stabilising force", ["stabilizing", "force"]),
    ("stabilisation", ["stabilization"]),
    ("organisation", ["organization"]),
    ("behaviour", ["behavior"]),
    ("defence", ["defense"]),
    ("centre", ["center"]),
    ("unfavourable", ["unfavorable"]),
    # words that end in -ise in both spellings stay
    ("rise promise exercise surprise", ["rise", "promise", "exercise", "surprise"]),
    # punctuation is not a token
    ("— … , ; “ ”", []),
])
def test_tokenize(text: str, expected: list[str]) -> None:
    assert tokenize(text) == expected


@pytest.mark.parametrize(("a", "b"), [
    ("Russia’s “no-limits” partnership", "russia's no limits partnership"),
    ("a stabilising force", "A stabilizing force"),
    ("the BEST in history", "the best in history"),
])
def test_spelling_variants_tokenize_alike(a: str, b: str) -> None:
    assert tokenize(a) == tokenize(b)


def test_token_spans_point_into_the_text() -> None:
    text = "Russia’s “no-limits” ties rose 25% to $240 billion."
    tokens = token_spans(text)
    assert tokens.norms == tokenize(text)
    assert len(tokens.norms) == len(tokens.starts) == len(tokens.ends)
    pieces = [text[s:e] for s, e in zip(tokens.starts, tokens.ends, strict=True)]
    assert pieces == [
        "Russia", "’s", "no", "limits", "ties", "rose", "25%", "to", "$240", "billion",
    ]


@pytest.mark.parametrize(("word", "expected"), [
    ("stabilising", "stabilizing"), ("recognised", "recognized"), ("neighbours", "neighbors"),
    ("wise", "wise"), ("rise", "rise"), ("enterprise", "enterprise"), ("russia", "russia"),
])
def test_americanize(word: str, expected: str) -> None:
    assert americanize(word) == expected


def test_sentence_table_spans_and_counts() -> None:
    articles = pd.DataFrame({
        "article_id": ["a", "b"],
        "text": ["Putin met Xi. “Ties have no limits,” he said.", ""],
    })
    table = sentence_table(articles)
    assert table["article_id"].tolist() == ["a", "a"]
    assert table["sentence_id"].tolist() == [0, 1]
    text = articles["text"][0]
    for row in table.itertuples():
        assert text[row.start:row.end] == row.text
    assert table["n_tokens"].tolist() == [3, 6]


_ODD_TEXTS = ["Russia’S U.S.-led $240bn 25% İstanbul’s ties", "", "no-limits\n\n’s 3.5 don’t",
              "STABILISING force. O’Brien’s 1990s—7,000-word …"]


@pytest.mark.parametrize("text", _ODD_TEXTS)
def test_fast_token_spans_equal_the_shared_tokenizer(text: str) -> None:
    assert fast_token_spans(text) == token_spans(text)


def test_fast_token_spans_on_the_bundled_corpus(bundled_corpus) -> None:
    for text in bundled_corpus.articles["text"]:
        assert fast_token_spans(text) == token_spans(text)


def _by_sentence(text: str) -> tuple[list[str], list[int], list[int], list[int]]:
    """Tokens of ``text``'s sentences from token_spans: norms, starts, ends, counts."""
    spans = split_sentences(text)
    tokens = token_spans(text)
    inside = [i for i, s in enumerate(tokens.starts) if any(a <= s < b for a, b in spans)]
    counts = [sum(a <= s < b for s in tokens.starts) for a, b in spans]
    return ([tokens.norms[i] for i in inside], [tokens.starts[i] for i in inside],
            [tokens.ends[i] for i in inside], counts)


def _random_texts(n: int) -> list[str]:
    pieces = ["Russia’s", "no-limits", "İstanbul", "$240", "3.5%", "stabilising", "don’t", "’s",
              "U.S.", ".", "!", "“", "”", "—", "x", "\n\n", "\t", "\u00a0", "21st", "'S"]
    rng = random.Random(0)
    return ["".join(rng.choice(pieces) + rng.choice(["", " ", ". "])
                    for _ in range(rng.randint(1, 30))) for _ in range(n)]


@pytest.mark.parametrize("text", _ODD_TEXTS + _random_texts(300))
def test_sentence_tokens_equal_token_spans_sentence_by_sentence(text: str) -> None:
    st = SentenceTokens(text, split_sentences(text))
    norms, starts, ends, counts = _by_sentence(text)
    tokens, breaks = st.select(list(range(len(st.raw))))
    assert tokens.norms == norms and st.counts == counts
    assert [tokens.starts[i] for i in range(len(norms))] == starts
    assert [tokens.ends[i] for i in range(len(norms))] == ends
    assert st.n_tokens == len(token_spans(text).norms) and st.complete
    assert breaks == [sum(counts[:k]) for k in range(len(counts))]


def test_sentence_tokens_of_some_sentences_keep_their_offsets() -> None:
    text = "Ties are deep. Russia’s no-limits partnership. Fine."
    st = SentenceTokens(text, split_sentences(text))
    tokens, breaks = st.select([1])
    assert tokens.norms == ["russia", "'s", "no", "limits", "partnership"] and breaks == [0]
    assert text[tokens.starts[2]:tokens.ends[3]] == "no-limits"


def test_sentence_tokens_notice_tokens_outside_the_sentences() -> None:
    st = SentenceTokens("One two. Three", [(0, 8)])
    assert not st.complete and st.n_tokens == 3


@pytest.mark.parametrize(("text", "expected"), [("Russia’s no-limits ties", 5), ("— …", 0),
                                                 ("$240bn, 25% and 7,000", 4)])
def test_count_tokens(text: str, expected: int) -> None:
    assert count_tokens(text) == expected == len(tokenize(text))
