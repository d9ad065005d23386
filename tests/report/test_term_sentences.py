"""The sentences behind the term tables are found by the rule that counted the terms."""

from __future__ import annotations

from collections import Counter

import pandas as pd
import pytest

from analysis.language.counts import count_vectorizer, term_counts
from analysis.report.term_sentences import excerpt, term_occurrences, term_sentences

ANALYZER = count_vectorizer().build_analyzer()  # what counted the terms of the tables


@pytest.mark.parametrize("text", [
    "Russia’s “no-limits” partnership is stabilising the world order.",
    "Trade rose by 25% to $240 billion in 2023; the 21st summit followed.",
    "Don't call it an alliance, O'Neil said of U.S.-China ties.",
    "İstanbul talks: Moscow and Beijing agreed. Partnership grew.",
    "RUSSIA RUSSIA russia Russia's russias",
    "the and of",  # stop words only
    "",
])
def test_terms_found_are_the_terms_counted(text):
    assert Counter(t for t, _, _ in term_occurrences(text)) == Counter(ANALYZER(text))


def test_every_bundled_article_gives_the_counted_terms_at_their_places(bundled_corpus):
    for text in bundled_corpus.articles["text"]:
        found = term_occurrences(text)
        assert Counter(t for t, _, _ in found) == Counter(ANALYZER(text))
        for term, start, end in found:  # the span holds the term's words
            assert ANALYZER(text[start:end])[-1 if " " in term else 0] == term


def test_counts_per_group_equal_the_term_tables(bundled_corpus):
    counts = term_counts(bundled_corpus, by="outlet")  # every term of every table
    found = term_sentences(bundled_corpus, counts.terms, by="outlet").counts
    table = pd.DataFrame(counts.group_counts.toarray(), index=counts.groups,
                         columns=counts.terms).stack().rename("count")
    table = table[table > 0].sort_index()
    assert found.set_index(["group", "term"])["count"].sort_index().equals(table)


def _articles(rows) -> pd.DataFrame:
    return pd.DataFrame([{"article_id": a, "outlet": o, "text": t, "story_id": s}
                         for a, o, t, s in rows])


def test_a_story_copied_in_one_group_counts_once_as_in_the_tables():
    arts = _articles([("a1", "x.com", "Gas pipeline talks. The pipeline waits.", "s1"),
                      ("a2", "x.com", "Gas pipeline talks. The pipeline waits!", "s1"),
                      ("a3", "y.com", "A pipeline.", "s3")])
    found = term_sentences(arts, ["pipeline"]).counts.set_index("group")
    table = term_counts(arts)
    col = list(table.terms).index("pipeline")
    assert found.loc["x.com", "count"] == table.group_counts[0, col] == 2
    assert found.loc["x.com", "sentences"] == 2


def test_a_bigram_across_two_sentences_shows_both_with_the_term_marked():
    arts = _articles([("a1", "x.com", "Ties with China. Partnership grew. Other news.", "a1")])
    found = term_sentences(arts, ["china partnership"])
    row = found.sentences.iloc[0]
    assert row["sentence_id"] == 0
    assert found.excerpts(found.sentences)[0] == [
        ("Ties with ", False), ("China. Partnership", True), (" grew.", False)]


def test_long_sentences_are_cut_around_the_term():
    text = "word " * 200 + "pipeline " + "word " * 200
    pieces = excerpt(text, 0, len(text), [(1000, 1008)], max_chars=100)
    shown = "".join(p for p, _ in pieces)
    assert len(shown) <= 102 and shown.startswith("…") and shown.endswith("…")
    assert [p for p, marked in pieces if marked] == ["pipeline"]


def test_every_occurrence_in_a_sentence_is_marked():
    arts = _articles([("a1", "x.com", "Gas, gas and more gas.", "a1")])
    found = term_sentences(arts, ["gas"])
    (pieces,) = found.excerpts(found.sentences)
    assert [p for p, marked in pieces if marked] == ["Gas", "gas", "gas"]
