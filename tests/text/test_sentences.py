"""Tests of analysis.text.sentences: sentence spans, and the fast splitter against Punkt."""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path

import pytest

from analysis.text.sentences import punkt_sentences, split_sentences

BENCH = Path(__file__).resolve().parents[2] / "bench" / "bench_scoring.py"


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


# Tricky cases for the fast splitter, each in a few contexts (next word in upper or
# lower case, a digit, a quote, the end of the text).
_TRICKY = ["U.S.", "Gen.", "Dec. 30", "Mr.", "J. R. R.", "...", '?" he said', "No. 10",
           "$2.5 billion", "e.g. this", "Russia’s.", "“Gen.", "(Gen.", "2023.", "7,000.",
           "long-term.", "“legitimate.”", "Inc.)", "p.m.", "U.S.-China", "A.B.", "x..", "?!",
           "½.", "É.", "(finally.)", "«non».", "--", "Ltd.,", "1.2.3."]
_FOLLOWERS = [" Xi agreed.", " the deal.", " 5 more.", " “Yes.”", "", "; then.", " ... no."]


@pytest.mark.parametrize("piece", _TRICKY)
@pytest.mark.parametrize("follower", _FOLLOWERS)
def test_fast_splitter_equals_punkt_on_tricky_strings(piece: str, follower: str) -> None:
    text = f"Putin met {piece}{follower}"
    assert split_sentences(text) == punkt_sentences(text)


def test_fast_splitter_equals_punkt_on_random_strings() -> None:
    pieces = [*_TRICKY, "said", "The", "a", "J.", "5.", ".", "!", "?", "“", "”", '"', "'", "(",
              ")", "-", ",", ";", ":", "…", "\t", "\u00a0"]
    rng = random.Random(0)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) + rng.choice(["", " ", " ", "  ", "\n", "\n\n"])
                       for _ in range(rng.randint(1, 12)))
        assert split_sentences(text) == punkt_sentences(text), text


def test_fast_splitter_equals_punkt_on_the_bundled_corpus(bundled_corpus) -> None:
    for text in bundled_corpus.articles["text"]:
        assert split_sentences(text) == punkt_sentences(text)


def test_fast_splitter_equals_punkt_on_the_benchmark_corpus() -> None:
    spec = importlib.util.spec_from_file_location("bench_scoring", BENCH)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    sentences, boiler = bench._material()
    for text in bench.synthetic_texts(300, sentences, boiler, seed=1):
        assert split_sentences(text) == punkt_sentences(text)


