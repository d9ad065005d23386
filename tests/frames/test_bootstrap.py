"""Tests of analysis.frames.bootstrap: frame scores of outlets and stories, bootstrap intervals."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.config import DEFAULT_LEXICON
from analysis.errors import InputError
from analysis.frames.bootstrap import ALL_STORIES, SentenceCounts, group_scores, ratio
from analysis.frames.lexicon import load_lexicon
from analysis.frames.scoring import score_corpus


@pytest.fixture(scope="module")
def corpus(bundled_corpus):
    return bundled_corpus


@pytest.fixture(scope="module")
def scores(corpus):
    return score_corpus(corpus, load_lexicon(DEFAULT_LEXICON), n_boot=300, seed=1)


def test_all_stories_row_counts_each_story_once(scores, corpus) -> None:
    total = scores.outlet_scores[scores.outlet_scores["group"] == ALL_STORIES]
    n_stories = corpus.articles["story_id"].nunique()
    assert n_stories < len(corpus.articles)  # the bundled corpus has a syndicated pair
    assert (total["articles"] == n_stories).all() and (total["stories"] == n_stories).all()


def test_bootstrap_interval_contains_the_estimate(scores) -> None:
    os_ = scores.outlet_scores
    assert (os_["hits_per_1k_low"] <= os_["hits_per_1k_tokens"] + 1e-9).all()
    assert (os_["hits_per_1k_tokens"] <= os_["hits_per_1k_high"] + 1e-9).all()
    assert (os_["share_low"] <= os_["share_of_sentences"] + 1e-9).all()
    assert (os_["share_of_sentences"] <= os_["share_high"] + 1e-9).all()
    # some interval has a width: the bootstrap actually resamples
    assert (os_["hits_per_1k_high"] > os_["hits_per_1k_low"]).any()


def test_same_seed_same_intervals(scores) -> None:
    kw = {"by": "outlet", "n_boot": 300}
    a = group_scores(scores.frame_scores, scores.hits, scores.sentences, seed=1, **kw)
    b = group_scores(scores.frame_scores, scores.hits, scores.sentences, seed=1, **kw)
    c = group_scores(scores.frame_scores, scores.hits, scores.sentences, seed=2, **kw)
    pd.testing.assert_frame_equal(a, b)
    assert not np.allclose(a["hits_per_1k_high"], c["hits_per_1k_high"])


def test_group_by_origin_merges_syndicated_copies(scores) -> None:
    by_origin = group_scores(scores.frame_scores, scores.hits, scores.sentences,
                             by="origin", n_boot=50)
    wapo = by_origin[by_origin["group"] == "washingtonpost.com"]
    assert (wapo["articles"] == 2).all() and (wapo["bootstrap_unit"] == "article").all()
    assert "unionleader.com" not in set(by_origin["group"])


def test_ratio_is_zero_where_the_denominator_is() -> None:
    assert ratio([3, 1], [4, 0]).tolist() == [0.75, 0.0]


@pytest.mark.parametrize(("by", "n_boot"), [("site", 10), ("outlet", 0)])
def test_bad_grouping_is_an_input_error(scores, by, n_boot) -> None:
    with pytest.raises(InputError):
        group_scores(scores.frame_scores, scores.hits, scores.sentences, by=by, n_boot=n_boot)


def test_an_articles_sentence_tokens_are_found_after_more_chunks_are_added():
    counts = SentenceCounts()
    counts.add(pd.DataFrame({"article_id": ["a", "a", "b"], "n_tokens": [4, 6, 9]}))
    assert counts.tokens_of("b").tolist() == [9]
    counts.add(pd.DataFrame({"article_id": ["c", "c", "c"], "n_tokens": [1, 2, 3]}))
    for article in ("a", "b", "c"):
        assert counts.tokens_of(article).tolist() == counts.of([article])["n_tokens"].tolist()
    assert counts.tokens_of("missing").tolist() == []


def test_one_article_groups_score_the_same_from_counts_or_the_sentences_table(corpus):
    """Every bundled outlet but one has one article: the sentence bootstrap of each reads
    its hits and sentence lengths, by lookup or from the full sentences table alike."""
    lexicon = load_lexicon(DEFAULT_LEXICON)
    result = score_corpus(corpus, lexicon, by="outlet", n_boot=50, method="lexicon")
    counts = SentenceCounts()
    counts.add(result.sentences[["article_id", "n_tokens"]])
    from_table = group_scores(result.frame_scores, result.hits, result.sentences, n_boot=50)
    from_counts = group_scores(result.frame_scores, result.hits, counts, n_boot=50)
    assert (from_table["bootstrap_unit"] == "sentence").any()
    pd.testing.assert_frame_equal(from_table, from_counts)
    one = from_table[(from_table["bootstrap_unit"] == "sentence") & (from_table["hits"] > 0)]
    assert (one["hits_per_1k_high"] > one["hits_per_1k_low"]).all()
