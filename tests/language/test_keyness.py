"""Keyness statistics, checked against arithmetic done by hand on a tiny two-outlet corpus."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import sparse

from analysis.errors import InputError
from analysis.ingest.groups import group_labels
from analysis.language.counts import STOP_WORDS, sum_by_group, term_counts, term_tokens
from analysis.language.keyness import chi2_keyness, keyness, keyness_all, log_odds_dirichlet

# Two outlets, one article each. Unigram counts (terms in alphabetical order):
#
#              lifeline  partnership  vassal   total
#   a.com          3          0          1        4
#   b.com          1          3          0        4
#   corpus         4          3          1        8
TINY = pd.DataFrame({
    "article_id": ["a1", "b1"],
    "outlet": ["a.com", "b.com"],
    "origin": ["", ""],
    "story_id": ["a1", "b1"],
    "text": ["Lifeline, lifeline, lifeline: vassal.",
             "Lifeline partnership partnership partnership."],
})


def _row(df: pd.DataFrame, term: str) -> pd.Series:
    return df.set_index("term").loc[term]


@pytest.fixture
def tiny_counts():
    return term_counts(TINY, by="outlet", ngram_range=(1, 1))


def test_tiny_counts_are_the_table_in_the_comment(tiny_counts):
    assert tiny_counts.terms.tolist() == ["lifeline", "partnership", "vassal"]
    assert tiny_counts.group_counts.toarray().tolist() == [[3, 0, 1], [1, 3, 0]]


def test_log_odds_z_scores_match_hand_computation(tiny_counts):
    # Prior alpha_w = corpus count (strength 1): alpha = (4, 3, 1), alpha_0 = 8.
    # n_a = n_b = 4, so each denominator is n + alpha_0 - (y + alpha) = 12 - (y + alpha).
    # lifeline:    a: y+alpha = 3+4 = 7, rest 5;  b: 1+4 = 5, rest 7
    #   delta = log(7/5) - log(5/7) = 0.672944; var = 1/7 + 1/5; z = 1.149271
    # vassal:      a: 1+1 = 2, rest 10;  b: 0+1 = 1, rest 11
    #   delta = log(2/10) - log(1/11) = log(2.2) = 0.788457; var = 1/2 + 1/1; z = 0.643772
    # partnership: a: 0+3 = 3, rest 9;  b: 3+3 = 6, rest 6
    #   delta = log(3/9) - log(6/6) = -1.098612; var = 1/3 + 1/6; z = -1.553652
    df = keyness(tiny_counts, "a.com", "b.com", by="outlet", prior_strength=1.0)
    hand = {
        "lifeline": (math.log(7 / 5) - math.log(5 / 7), math.sqrt(1 / 7 + 1 / 5)),
        "vassal": (math.log(2 / 10) - math.log(1 / 11), math.sqrt(1 / 2 + 1)),
        "partnership": (math.log(3 / 9) - math.log(6 / 6), math.sqrt(1 / 3 + 1 / 6)),
    }
    for term, (delta, sd) in hand.items():
        assert _row(df, term)["log_odds"] == pytest.approx(delta)
        assert _row(df, term)["z"] == pytest.approx(delta / sd)
    assert _row(df, "lifeline")["z"] == pytest.approx(1.149271, abs=1e-6)
    assert df["term"].tolist() == ["lifeline", "vassal", "partnership"]  # by z


def test_chi2_matches_hand_computation_with_each_correction(tiny_counts):
    # 2 x 2 table per term: a = target, b = reference, c = 4 - a, d = 4 - b, N = 8.
    # lifeline:    a=3 b=1 c=1 d=3; ad-bc = 8; margins 4*4*4*4 = 256; E = 4*4/8 = 2
    #   none: 8 * 8^2 / 256 = 2.0
    #   yates (expected 2 < 5 and |ad-bc| >= N/2): 8 * (8 - 8*0.5)^2 / 256 = 0.5
    #   williams: q = 1 + (8/4 + 8/4 - 1)^2 / (6*8) = 1.1875; 2.0 / 1.1875 = 1.684211
    # partnership: a=0 b=3 c=4 d=1; |ad-bc| = 12; margins 3*5*4*4 = 240; a=0 < E=1.5: negative
    #   none: -8 * 144 / 240 = -4.8;  yates: -8 * (12 - 4)^2 / 240 = -2.133333
    # vassal:      a=1 b=0 c=3 d=4; |ad-bc| = 4; margins 1*7*4*4 = 112; a=1 > E=0.5
    #   none: 8 * 16 / 112 = 1.142857;  yates: 8 * (4 - 4)^2 / 112 = 0
    expected = {
        "none": {"lifeline": 2.0, "partnership": -4.8, "vassal": 8 * 16 / 112},
        "yates": {"lifeline": 0.5, "partnership": -8 * 64 / 240, "vassal": 0.0},
        "default": {"lifeline": 0.5, "partnership": -8 * 64 / 240, "vassal": 0.0},
        "williams": {"lifeline": 2.0 / 1.1875},
    }
    for correction, values in expected.items():
        df = keyness(tiny_counts, "a.com", "b.com", by="outlet", correction=correction)
        for term, chi2 in values.items():
            assert _row(df, term)["chi2"] == pytest.approx(chi2), (correction, term)
    df = keyness(tiny_counts, "a.com", "b.com", by="outlet", correction="none")
    assert _row(df, "lifeline")["p"] == pytest.approx(0.157299, abs=1e-6)  # P(chi2_1 >= 2)


def test_chi2_reproduces_quanteda_reference_values():
    # quanteda's tests: d1 = "b"x7 "a"x3, d2 = "a"x7 "b"x2; chisq.test(correct=FALSE) for b
    # is 19 * (7*7 - 2*3)^2 / (9 * 10 * 10 * 9) = 4.337160; Williams 4.017626.
    a, b = np.array([7, 3]), np.array([2, 7])
    assert chi2_keyness(a, b, correction="none")[0][0] == pytest.approx(19 * 43**2 / 8100)
    assert chi2_keyness(a, b, correction="williams")[0][0] == pytest.approx(4.017626, abs=1e-6)


def test_log_odds_is_antisymmetric_and_prior_shrinks_it():
    y_i, y_j = np.array([10, 2, 0]), np.array([2, 10, 5])
    weak, strong = (log_odds_dirichlet(y_i, y_j, s * (y_i + y_j))[0] for s in (0.1, 10.0))
    back = log_odds_dirichlet(y_j, y_i, 0.1 * (y_i + y_j))[0]
    np.testing.assert_allclose(weak, -back)
    assert (np.abs(strong) < np.abs(weak)).all()


def test_unknown_correction_is_refused():
    with pytest.raises(ValueError, match="correction"):
        chi2_keyness(np.array([1, 2]), np.array([2, 1]), correction="bonferroni")


def test_sum_by_group_adds_rows_of_each_group():
    names, g = sum_by_group(sparse.csr_matrix(np.eye(3, dtype=int)), ["y", "x", "y"])
    assert names == ["x", "y"]
    assert g.toarray().tolist() == [[0, 1, 0], [1, 0, 1]]


def test_keyness_all_has_every_group_against_the_rest():
    arts = pd.concat([TINY, TINY.assign(article_id=["c1", "c2"], story_id=["c1", "c2"],
                                        outlet=["c.com", "c.com"])], ignore_index=True)
    df = keyness_all(term_counts(arts, ngram_range=(1, 1)), by="outlet")
    assert sorted(df["group"].unique()) == ["a.com", "b.com", "c.com"]
    assert (df["reference"] == "rest").all()
    top = df[df["rank"] == 1].set_index("group")["term"]
    assert top["a.com"] == "lifeline" and top["b.com"] == "partnership"


@pytest.mark.parametrize("n", [1, 2, 3, 50])
def test_a_groups_top_rows_are_the_head_of_its_whole_table(bundled_corpus, n):
    """Keeping n rows (``framing terms``) gives the first n rows of the whole table,
    statistics included, also where terms tie on z at the cut."""
    counts = term_counts(bundled_corpus, by="outlet")
    whole = keyness_all(counts, by="outlet")
    top = keyness_all(counts, by="outlet", n=n)
    expected = whole.groupby("group", sort=False).head(n).reset_index(drop=True)
    pd.testing.assert_frame_equal(top, expected)
    tied = whole.groupby("group")["z"].apply(lambda z: z.duplicated().any())
    assert tied.any()  # the bundled corpus has ties: the cut is tested on them


def test_copies_of_one_story_count_once_per_group():
    copy = TINY.iloc[[0]].assign(article_id="a2")  # same story_id "a1", same outlet
    counts = term_counts(pd.concat([TINY, copy]), by="outlet", ngram_range=(1, 1))
    assert counts.group_counts.toarray()[0].tolist() == [3, 0, 1]


def test_origin_falls_back_to_outlet():
    df = pd.DataFrame({"outlet": ["ul.com", "wp.com", "x.org"],
                       "origin": ["wp.com", "wp.com", None]})
    assert group_labels(df, by="origin").tolist() == ["wp.com", "wp.com", "x.org"]


def test_stop_words_and_numbers_are_not_terms():
    assert "said" in STOP_WORDS and "the" in STOP_WORDS
    assert term_tokens("The 2022 deal, $240 billion") == ["the", "deal", "billion"]
    counts = term_counts(TINY.assign(text=["He said the deal was good", "They said 2022"]))
    assert "said" not in counts.terms and "2022" not in counts.terms


@pytest.mark.parametrize(
    ("articles", "message"),
    [
        (TINY.iloc[[0]], "1 article"),
        (TINY.assign(outlet="same.com"), "all 2 articles have outlet 'same.com'"),
    ],
)
def test_impossible_comparisons_say_why(articles, message):
    with pytest.raises(InputError, match=message):
        keyness_all(articles, by="outlet")


def test_empty_vocabulary_is_an_input_error():
    with pytest.raises(InputError, match="stop word or a number"):
        keyness_all(TINY.assign(text=["the and of", "1999 2000"]))


def test_unknown_group_names_the_groups():
    with pytest.raises(InputError, match="a.com, b.com"):
        keyness(TINY, "nowhere.com")
