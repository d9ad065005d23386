"""Distinctive terms, similarity, collocations, cue suggestions and ``framing terms``."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis.cli import main
from analysis.config import DATA_DIR, DEFAULT_LEXICON
from analysis.errors import InputError
from analysis.frames.cues import cue_tokens
from analysis.frames.lexicon import load_lexicon, parse_lexicon
from analysis.language.collocations import collocations, head_words
from analysis.language.distinctive import distinctive_terms
from analysis.language.similarity import similarity
from analysis.language.suggestions import suggest_cues
from analysis.schema import TABLES

TABLE_NAMES = ["distinctive_terms", "keyness", "similarity_articles", "similarity_groups",
               "collocations", "suggestions"]


def _articles(texts: dict[str, str], outlets: dict[str, str] | None = None,
              stories: dict[str, str] | None = None) -> pd.DataFrame:
    ids = list(texts)
    return pd.DataFrame({
        "article_id": ids,
        "outlet": [(outlets or {}).get(i, f"{i}.com") for i in ids],
        "origin": "",
        "story_id": [(stories or {}).get(i, i) for i in ids],
        "text": list(texts.values()),
    })


TINY_LEXICON = parse_lexicon({"version": 1, "language": "en", "frames": {
    "asymmetric": {"label": "Asymmetric", "cues": ["economic lifeline", "junior partner*"]},
    "stabilizing_force": {"label": "Stabilizing", "cues": ["stabilizing force"]},
}})


@pytest.fixture(scope="module")
def corpus():
    from analysis.ingest.corpus import load_corpus

    return load_corpus(DATA_DIR)


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon(DEFAULT_LEXICON)


# --------------------------------------------------------------------- distinctive terms


def test_a_word_only_one_article_uses_is_its_top_term():
    arts = _articles({"a": "Pipeline gas pipeline gas pipeline. Russia and China.",
                      "b": "Tanks and drones. Russia and China.",
                      "c": "Summit talks. Russia and China."})
    df = distinctive_terms(arts, n=3)
    top = df[(df["group_by"] == "article") & (df["rank"] == 1)].set_index("group")["term"]
    assert top["a"] == "pipeline"
    assert "russia" not in set(df.loc[df["rank"] == 1, "term"])


def test_distinctive_terms_of_the_bundled_corpus_cover_articles_and_outlets(corpus):
    df = distinctive_terms(corpus, by="origin", n=5)
    assert set(df.loc[df["group_by"] == "article", "group"]) == set(corpus.articles["article_id"])
    # origin: the Union Leader copy of the Washington Post story counts under washingtonpost.com
    assert "unionleader.com" not in set(df.loc[df["group_by"] == "origin", "group"])
    assert df["tfidf"].between(0, 1).all() and (df["count"] >= 1).all()


# ----------------------------------------------------------------------------- similarity


def test_the_two_copies_of_the_post_story_are_each_others_most_similar(corpus):
    df = similarity(corpus)
    nearest = df[df["rank"] == 1].set_index("article_id")["other_article_id"]
    assert nearest["unionleader-2022-12-30"] == "washingtonpost-2022-12-30"
    assert nearest["washingtonpost-2022-12-30"] == "unionleader-2022-12-30"
    syndicated = df[df["syndicated"]]
    assert set(syndicated["article_id"]) == {"unionleader-2022-12-30", "washingtonpost-2022-12-30"}
    assert len(df) == len(corpus.articles) ** 2


def test_large_corpora_list_each_articles_nearest_neighbours_only(corpus, monkeypatch):
    import analysis.language.similarity as sim

    monkeypatch.setattr(sim, "DENSE_SIMILARITY_LIMIT", 2)
    monkeypatch.setattr(sim, "SIMILAR_TOP_K", 1)
    df = similarity(corpus)
    assert len(df) == 2 * len(corpus.articles)  # itself and its nearest other
    nearest = df[df["rank"] == 1].set_index("article_id")["other_article_id"]
    assert nearest["unionleader-2022-12-30"] == "washingtonpost-2022-12-30"
    assert df.loc[df["rank"] == 0, "cosine"].round(6).eq(1.0).all()


def test_group_similarity_counts_shared_stories():
    arts = _articles({"a": "Gas pipeline deal signed.", "b": "Gas pipeline deal signed.",
                      "c": "Tanks and drones."}, stories={"b": "a"})
    df = similarity(arts, level="group").set_index(["group", "other_group"])
    assert df.loc[("a.com", "b.com"), "shared_stories"] == 1
    assert df.loc[("a.com", "c.com"), "shared_stories"] == 0
    assert df.loc[("a.com", "b.com"), "cosine"] == pytest.approx(1.0)


def test_unknown_similarity_level_is_refused():
    with pytest.raises(InputError, match="level"):
        similarity(_articles({"a": "x", "b": "y"}), level="sentence")


# --------------------------------------------------------------------------- collocations


def test_head_words_are_last_words_of_multiword_cues():
    # "junior partner*": the wildcard token is skipped, so the head is "junior"
    assert head_words(TINY_LEXICON) == ["force", "junior", "lifeline"]


def test_collocations_find_the_word_before_a_head_but_not_across_sentences():
    text = ("Russia sees a strategic partnership. Strategic partnership again. "
            "A strategic partnership grows. Partnership talks. Partnership talks.")
    arts = _articles({"a": text, "b": "Something else entirely."})
    df = collocations(arts, heads=["partnership"], window_size=2, min_freq=2)
    pairs = set(zip(df["group"], df["bigram"], strict=True))
    assert ("a.com", "strategic partnership") in pairs
    assert ("a.com", "partnership talks") in pairs
    # "partnership. Strategic" would be a pair if windows crossed sentence ends
    assert ("a.com", "partnership strategic") not in pairs
    assert (df["freq"] >= 2).all()


def test_collocations_need_head_words():
    with pytest.raises(InputError, match="head words"):
        collocations(_articles({"a": "x", "b": "y"}))


# ---------------------------------------------------------------------------- suggestions


def test_suggestions_rank_words_of_hit_sentences_and_skip_the_cues():
    text = ("China is an economic lifeline for a dependent Russia. "
            "Russia became the junior partner, dependent on Beijing. "
            "A dependent Moscow relies on an economic lifeline. "
            "Trade fairs opened in Harbin. Trade fairs closed in Harbin.")
    df = suggest_cues(_articles({"a": text, "b": "Unrelated weather report."}), TINY_LEXICON,
                      min_count=2)
    rows = df[df["frame"] == "asymmetric"]
    assert rows.iloc[0]["term"] == "dependent"
    assert not rows["term"].str.contains("lifeline|economic|partner").any()
    example = rows.iloc[0]
    assert "dependent" in example["example"] and TINY_LEXICON.find(example["example"])


def test_suggestions_never_repeat_an_existing_cue(corpus, lexicon):
    df = suggest_cues(corpus, lexicon, n=50, min_count=1)
    assert not df.empty
    for frame, term in zip(df["frame"], df["term"], strict=True):
        cue_words = {t for cue in lexicon.frames[frame].cues for t in cue_tokens(cue)}
        assert not set(term.split()) & cue_words, (frame, term)
        assert not [m for m in lexicon.find(term) if m.frame == frame], (frame, term)


# ------------------------------------------------------------------------------------ CLI


def test_framing_terms_writes_every_table(tmp_path, capsys):
    out = tmp_path / "terms"
    assert main(["terms", str(DATA_DIR), "--out", str(out)]) == 0
    for name in TABLE_NAMES:
        df = pd.read_csv(out / f"{name}.csv")
        assert list(df.columns) == list(TABLES[name].columns), name
        assert len(df) > 0, name
    run = json.loads((out / "run.json").read_text())
    assert run["checksums"]["lexicon"] == load_lexicon(DEFAULT_LEXICON).checksum
    assert run["parameters"]["by"] == "outlet"
    assert "5 groups by outlet" in capsys.readouterr().out


def test_framing_terms_by_origin_merges_the_syndicated_copy(tmp_path):
    out = tmp_path / "terms"
    assert main(["terms", str(DATA_DIR), "--by", "origin", "--out", str(out)]) == 0
    groups = set(pd.read_csv(out / "keyness.csv")["group"])
    assert "washingtonpost.com" in groups and "unionleader.com" not in groups


def test_framing_terms_on_one_article_exits_2_and_writes_nothing(tmp_path, capsys):
    src = tmp_path / "one.csv"
    _articles({"a": "Russia and China signed a pipeline deal."}).to_csv(src, index=False)
    out = tmp_path / "out"
    assert main(["terms", str(src), "--out", str(out)]) == 2
    assert "1 article" in capsys.readouterr().err
    assert not out.exists()


def test_default_collocation_heads_are_the_cues_nouns_not_the_actors(bundled_corpus):
    from analysis.config import DEFAULT_LEXICON
    from analysis.frames.lexicon import load_lexicon

    table = collocations(bundled_corpus, load_lexicon(DEFAULT_LEXICON), min_freq=1)
    heads = set(table["head"])
    assert {"partnership", "relationship", "order"} <= heads
    assert not heads & {"china", "russia", "moscow", "beijing", "kremlin"}
