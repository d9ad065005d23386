"""Tests of analysis.tokens: sentence splitting and token normalisation on tiny strings."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.tokens import (
    americanize,
    sentence_table,
    split_sentences,
    token_spans,
    tokenize,
)


def _sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


@pytest.mark.parametrize(("text", "expected"), [
    # abbreviations do not end a sentence
    ("The U.S. military said so. Xi agreed.", ["The U.S. military said so.", "Xi agreed."]),
    ("Gen. Valery Gerasimov spoke. He left.", ["Gen. Valery Gerasimov spoke.", "He left."]),
    ("Putin said on Dec. 30 he would go. Xi agreed.",
     ["Putin said on Dec. 30 he would go.", "Xi agreed."]),
    ("Mr. Putin met Mr. Xi. They talked.", ["Mr. Putin met Mr. Xi.", "They talked."]),
    ("The U.K. and the E.U. agreed. Xi left.", ["The U.K. and the E.U. agreed.", "Xi left."]),
    ("It was 5 p.m. when they met.", ["It was 5 p.m. when they met."]),
    ("Prices rose 3.5 percent. Xi agreed.", ["Prices rose 3.5 percent.", "Xi agreed."]),
    # closing quotes, straight and curly, stay with the sentence they close
    ('He called it "legitimate." Xi agreed.', ['He called it "legitimate."', "Xi agreed."]),
    ("He called it “legitimate.” Xi agreed.", ["He called it “legitimate.”", "Xi agreed."]),
    ("He said ‘no.’ Xi agreed.", ["He said ‘no.’", "Xi agreed."]),
    ("He left (finally.) Xi stayed.", ["He left (finally.)", "Xi stayed."]),
    ("He said “no.” “Yes,” said Xi.", ["He said “no.”", "“Yes,” said Xi."]),
    # an opening straight quote stays with the sentence it opens
    ('He left. "Yes," said Xi.', ["He left.", '"Yes," said Xi.']),
    ("He left. 'Yes,' said Xi.", ["He left.", "'Yes,' said Xi."]),
    ('Putin said it. "We are waiting, dear Mr. President," Putin said.',
     ["Putin said it.", '"We are waiting, dear Mr. President," Putin said.']),
    ("Ties are at the highest level! Really? Yes.",
     ["Ties are at the highest level!", "Really?", "Yes."]),
    # a sentence never spans a paragraph break
    ("Putin said\n\nXi agreed.", ["Putin said", "Xi agreed."]),
    ("One.\n\n“Two.”", ["One.", "“Two.”"]),
    ("", []),
])
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert _sentences(text) == expected


def test_sentence_spans_are_ordered_and_inside_the_text() -> None:
    text = "Putin met Xi. “Ties have no limits,” he said.\n\nXi agreed. U.S. officials did not."
    spans = split_sentences(text)
    assert spans == sorted(spans)
    assert all(0 <= s < e <= len(text) for s, e in spans)
    assert all(text[s:e] == text[s:e].strip() for s, e in spans)


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
