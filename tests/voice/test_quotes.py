"""Tests of analysis.voice.quotes: which quotation marks open and close a quote."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.schema import TABLES
from analysis.text.sentences import split_sentences
from analysis.text.tokens import sentence_table
from analysis.voice.quotes import find_quotes, mask_quotes
from analysis.voice.voices import VOICES, quotes_table


@pytest.fixture(scope="module")
def articles(bundled_corpus) -> pd.DataFrame:
    return bundled_corpus.articles


def _quotes(text: str) -> list[str]:
    return [text[s:e] for s, e in find_quotes(text, [e for _, e in split_sentences(text)])]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ties are “no-limits” now.", ["“no-limits”"]),
        ('He said "yes" and «non».', ['"yes"', "«non»"]),
        # a curly opener may close with a straight mark
        ('It was “aggressive build up" in Asia.', ['“aggressive build up"']),
        # an unbalanced mark stops at its paragraph's end, without the trailing space
        ("He spoke of a “no-limits friendship. \nChina is a lifeline.", ["“no-limits friendship."]),
        # a quote runs on only when the next paragraph opens with a mark
        ("“One.\n“Two.”\nNarrator.", ["“One.\n“Two.”"]),
        # ... or when its paragraphs are not reopened and its closer comes next (at most
        # four paragraphs on)
        ("“One.\nTwo.\nThree.” Narrator.", ["“One.\nTwo.\nThree.”"]),
        ("“One.\nTwo.\nThree.\nFour.\nFive.” Narrator.", ["“One."]),
        # a straight mark does not close a quote across paragraphs: it may open one
        ('"One.\nTwo "three" four.', ['"One.', '"three"']),
        # a second opener ends the unclosed quote with its sentence
        (
            "Xi praised “unity. China is a lifeline. Putin said “ties are deep.”",
            ["“unity.", "“ties are deep.”"],
        ),
        # single curly quotes count outside double quotes only; ’ before a letter is an apostrophe
        ("It’s ‘no change’ and “x ‘y’ z”", ["‘no change’", "“x ‘y’ z”"]),
        ("Russia’s ties", []),
        ("", []),
    ],
)
def test_find_quotes(text: str, expected: list[str]) -> None:
    assert _quotes(text) == expected


def test_quotes_are_ordered_and_do_not_overlap() -> None:
    text = "A “b” c “d ‘e’ f” g ‘h’ i “j\nk “l” m"
    spans = find_quotes(text, [])
    assert spans == sorted(spans)
    assert all(e1 <= s2 for (_, e1), (s2, _) in zip(spans, spans[1:], strict=False))


def test_mask_blanks_inside_quotes_and_keeps_offsets() -> None:
    text = "Xi said “we are, friends,” and left. “Yes.”"
    masked = mask_quotes(text, find_quotes(text, []))
    assert len(masked) == len(text)
    assert masked == "Xi said “" + " " * 16 + "” and left. “    ”"
    assert mask_quotes(text, []) == text


# --- the quotes table ---------------------------------------------------------------


def test_quotes_table_on_bundled_corpus(articles, speakers):
    table = quotes_table(articles, sentence_table(articles), speakers)
    assert list(table.columns) == list(TABLES["quotes"].columns)
    assert set(table["voice"]) <= set(VOICES) - {"narrator"}
    texts = articles.set_index("article_id")["text"]
    assert all(
        texts[a][s:e] == t
        for a, s, e, t in table[["article_id", "start", "end", "text"]].itertuples(index=False)
    )
    # every quoted passage is found: one row per opening quote mark in 001
    wapo = table[
        (table["article_id"] == "washingtonpost-2022-12-30")
        & table["voice"].isin(["quote", "scare_quote"])
    ]
    assert len(wapo) == texts["washingtonpost-2022-12-30"].count("“")
    attributed = table[table["voice"] == "quote"]
    assert (attributed["speaker"] != "").mean() > 0.9


def test_quotes_table_article_without_sentences(speakers):
    articles = pd.DataFrame({"article_id": ["a", "b"], "text": ["Ties are “boundless”.", ""]})
    sentences = pd.DataFrame(columns=["article_id", "sentence_id", "start", "end"])
    table = quotes_table(articles, sentences, speakers)
    assert table[["article_id", "voice", "text"]].values.tolist() == [
        ["a", "scare_quote", "“boundless”"]
    ]
