"""TF-IDF cosine similarity between documents."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.language.similarity import cosine_similarity_matrix, tfidf_vectorizer

WIRE = (
    "Russian President Vladimir Putin and Chinese leader Xi Jinping met by video link on "
    "Friday, as Moscow seeks to deepen economic ties with Beijing after Western sanctions. "
    "Putin said military cooperation contributes to stability in key regions."
)

REWRITE = (
    "Oil exports from Russia to India rose sharply in May, traders said, while freight "
    "rates for tankers sailing from the Baltic fell for the third month in a row."
)


def test_vectorizer_uses_package_tokenizer():
    vec = tfidf_vectorizer().fit(["Russia’s no-limits ties", "stabilising force"])
    assert {"russia", "'s", "no", "limits", "stabilizing"} <= set(vec.vocabulary_)


def test_vectorizer_keywords_override_defaults():
    vec = tfidf_vectorizer(ngram_range=(2, 2)).fit(["no limits partnership"])
    assert sorted(vec.vocabulary_) == ["limits partnership", "no limits"]


def test_cosine_matrix_is_symmetric_with_unit_diagonal():
    m = cosine_similarity_matrix([WIRE, WIRE.upper(), REWRITE])
    assert m.shape == (3, 3)
    np.testing.assert_allclose(m, m.T)
    np.testing.assert_allclose(np.diag(m), 1.0)
    assert m[0, 1] == pytest.approx(1.0)
    assert m[0, 2] < 0.2
