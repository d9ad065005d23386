"""TF-IDF cosine similarity between documents."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.language.similarity import cosine_similarity_matrix, tfidf_vectorizer

SUMMIT = "Putin and Xi met in Beijing and praised a partnership without limits."
TRADE = "Oil exports to India rose in May while tanker rates from the Baltic fell."


def test_vectorizer_uses_package_tokenizer():
    vec = tfidf_vectorizer().fit(["Russia’s no-limits ties", "stabilising force"])
    assert {"russia", "'s", "no", "limits", "stabilizing"} <= set(vec.vocabulary_)


def test_vectorizer_keywords_override_defaults():
    vec = tfidf_vectorizer(ngram_range=(2, 2)).fit(["no limits partnership"])
    assert sorted(vec.vocabulary_) == ["limits partnership", "no limits"]


def test_cosine_matrix_is_symmetric_with_unit_diagonal():
    m = cosine_similarity_matrix([SUMMIT, SUMMIT.upper(), TRADE])
    assert m.shape == (3, 3)
    np.testing.assert_allclose(m, m.T)
    np.testing.assert_allclose(np.diag(m), 1.0)
    assert m[0, 1] == pytest.approx(1.0)
    assert m[0, 2] < 0.2
