"""Tests of analysis.frames.scoring: tables on the bundled corpus, the engine, CLI outputs."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from analysis.cli import main
from analysis.config import DATA_DIR, DEFAULT_LEXICON
from analysis.frames.lexicon import load_lexicon
from analysis.frames.scoring import (
    ScoringWarning,
    iter_hits,
    score_corpus,
    score_text,
)
from analysis.schema import TABLES

TINY = Path(__file__).parents[1] / "data" / "tiny_lexicon.yaml"


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon(DEFAULT_LEXICON)


@pytest.fixture(scope="module")
def corpus():
    from analysis.ingest.corpus import load_corpus

    return load_corpus(DATA_DIR)


@pytest.fixture(scope="module")
def scores(corpus, lexicon):
    return score_corpus(corpus, lexicon, n_boot=300, seed=1)


def _tiny_corpus(rows: list[dict]) -> SimpleNamespace:
    base = {"outlet": "a.com", "origin": "", "story_id": "", "language": "en"}
    articles = pd.DataFrame([{**base, **r} for r in rows])
    articles["story_id"] = articles["story_id"].where(articles["story_id"] != "",
                                                      articles["article_id"])
    return SimpleNamespace(articles=articles, checksum="c0ffee")


def test_tables_follow_the_schema(scores) -> None:
    for name in ("hits", "frame_scores", "outlet_scores", "evidence"):
        assert list(getattr(scores, name).columns) == list(TABLES[name].columns)


def test_boundless_partnership_is_a_no_limits_hit(scores) -> None:
    hits = scores.hits
    row = hits[(hits["article_id"] == "newslite-2024-05-16") & (hits["frame"] == "no_limits")]
    assert "boundless" in row["matched_text"].str.lower().tolist()
    assert not row["negated"].any()


def test_hit_offsets_point_into_cleaned_text(scores, corpus) -> None:
    texts = corpus.articles.set_index("article_id")["text"]
    for h in scores.hits.itertuples():
        assert texts[h.article_id][h.start:h.end] == h.matched_text


def test_frame_scores_one_row_per_article_and_frame(scores, corpus, lexicon) -> None:
    fs = scores.frame_scores
    assert len(fs) == len(corpus.articles) * len(lexicon.frames)
    assert not fs.duplicated(["article_id", "frame"]).any()
    supporting = (~scores.hits["negated"]).sum()
    assert fs["hits"].sum() == supporting
    voices = fs[["hits_narrator", "hits_quote", "hits_scare_quote", "hits_reported"]]
    assert (voices.sum(axis=1) == fs["hits"]).all()
    assert ((fs["share_of_sentences"] >= 0) & (fs["share_of_sentences"] <= 1)).all()


def test_evidence_rebuilds_the_sentence(scores) -> None:
    ev = scores.evidence
    assert len(ev) == len(scores.hits)
    assert (ev["left"] + ev["match"] + ev["right"] == ev["sentence"]).all()


def test_other_language_is_excluded_not_zero() -> None:
    lex = load_lexicon(TINY)
    corpus = _tiny_corpus([
        {"article_id": "en1", "text": "A limitless tie."},
        {"article_id": "de1", "text": "Eine grenzenlose Partnerschaft.", "language": "de"},
    ])
    with pytest.warns(ScoringWarning, match="de1"):
        scores = score_corpus(corpus, lex, n_boot=20)
    assert set(scores.frame_scores["article_id"]) == {"en1"}
    assert [e["article_id"] for e in scores.excluded] == ["de1"]


def test_article_without_sentences_scores_zeros() -> None:
    lex = load_lexicon(TINY)
    corpus = _tiny_corpus([{"article_id": "empty", "text": ""},
                           {"article_id": "full", "text": "Limitless. Boundless."}])
    fs = score_corpus(corpus, lex, n_boot=20).frame_scores.set_index(["article_id", "frame"])
    assert fs.loc[("empty", "alpha"), ["hits", "tokens", "sentences"]].tolist() == [0, 0, 0]
    assert fs.loc[("empty", "alpha"), "share_of_sentences"] == 0
    assert fs.loc[("full", "alpha"), "hits"] == 2


def test_negated_hits_are_kept_but_not_support() -> None:
    lex = load_lexicon(TINY)
    corpus = _tiny_corpus([{"article_id": "x", "text": "It is not limitless. It is boundless."}])
    scores = score_corpus(corpus, lex, n_boot=20)
    assert scores.hits["negated"].tolist() == [True, False]
    row = scores.frame_scores.set_index("frame").loc["alpha"]
    assert (row["hits"], row["negated_hits"], row["sentences_with_frame"]) == (1, 1, 1)


def test_parallel_scoring_matches_serial() -> None:
    lex = load_lexicon(TINY)
    items = [(str(i), f"Sentence {i} is limitless. A strategic partnership.") for i in range(30)]
    serial = list(iter_hits(items, lex, chunk_size=7))
    parallel = list(iter_hits(iter(items), lex, n_jobs=2, chunk_size=7))
    assert serial == parallel and [r.article_id for r in parallel] == [i for i, _ in items]


def test_score_text_assigns_sentences() -> None:
    lex = load_lexicon(TINY)
    result = score_text("Fine. The limitless tie.", lex)
    assert [h[0] for h in result.hits] == [1] and len(result.sentences) == 2


def test_cli_writes_tables_and_run_json(tmp_path: Path) -> None:
    out = tmp_path / "score"
    assert main(["score", str(DATA_DIR), "--out", str(out), "--n-boot", "50"]) == 0
    for name in ("hits", "frame_scores", "outlet_scores", "evidence"):
        assert len(pd.read_csv(out / f"{name}.csv")) > 0
    run = json.loads((out / "run.json").read_text())
    assert run["checksums"]["lexicon"] == load_lexicon(DEFAULT_LEXICON).checksum
    assert len(run["checksums"]["corpus"]) == 64
    assert run["parameters"]["n_boot"] == 50 and run["excluded_articles"] == []


@pytest.mark.parametrize("bad", ["frames: {x: {cues: ['*']}}\nversion: 1\nlanguage: en\n",
                                 "version: 1\nlanguage: en\nframes: !!python/object:os.X {}\n"])
def test_cli_refuses_bad_lexicon_and_writes_nothing(tmp_path: Path, bad: str, capsys) -> None:
    lex = tmp_path / "bad.yaml"
    lex.write_text(bad, encoding="utf-8")
    out = tmp_path / "score"
    assert main(["score", str(DATA_DIR), "--lexicon", str(lex), "--out", str(out)]) == 2
    assert not out.exists()
    assert "bad.yaml" in capsys.readouterr().err


def test_scoring_time_grows_linearly_with_article_length(tmp_path: Path) -> None:
    """A 2 MB article with thousands of hits: tables in seconds, not minutes.

    Slicing hits out of a pandas string column copied the whole text per hit
    (1 MB: 12 s, 4 MB: 94 s); the same work on 4x the text must stay near 4x.
    """
    import time

    lexicon = load_lexicon(DEFAULT_LEXICON)
    paragraph = ("Putin and Xi hailed a partnership with no limits, a stabilizing force "
                 "in a turbulent world, while Russia grew dependent on China. Item {}.")

    def seconds(n: int) -> float:
        text = "\n\n".join(paragraph.format(i) for i in range(n))
        arts = pd.DataFrame({"article_id": ["big"], "outlet": ["x.com"], "origin": [""],
                             "story_id": ["big"], "text": [text], "language": ["en"]})
        start = time.perf_counter()
        scores = score_corpus(SimpleNamespace(articles=arts, checksum="x"), lexicon, n_boot=10)
        assert len(scores.hits) >= 3 * n
        return time.perf_counter() - start

    small, large = seconds(1_000), seconds(4_000)  # about 0.15 MB and 0.6 MB
    assert large < 8 * small + 1.0, (small, large)
