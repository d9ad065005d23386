"""Scoring a stream of chunks: the same tables as the whole corpus at once, and the
texts of a chunk are let go once it is scored."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.cli import main
from analysis.config import DATA_DIR, DEFAULT_LEXICON, DEFAULT_MODEL
from analysis.frames import scoring
from analysis.frames.lexicon import load_lexicon
from analysis.frames.model_hits import load_model
from analysis.frames.scoring import ScoringWarning, score_corpus, score_stream
from analysis.ingest import corpus as corpus_module
from analysis.ingest.corpus import load_corpus
from analysis.outputs import write_tables
from analysis.text.tokens import sentence_table

OUTLETS = ["wire.example", "daily.example", "gazette.example", "herald.example"]
TABLES = ("hits", "frame_scores", "outlet_scores", "evidence")


@pytest.fixture(scope="module")
def resampled_corpus(tmp_path_factory) -> Path:
    """130 articles resampled from the bundled sentences, wire copies published
    before their originals (story ids), one German article (left out), a ``country``
    column, and a one-article outlet (bootstrapped by sentences)."""
    sentences = sentence_table(load_corpus(DATA_DIR).articles)["text"].tolist()
    rng = np.random.default_rng(11)
    rows = []
    for i in range(120):
        paras = [" ".join(rng.choice(sentences, size=rng.integers(1, 4)))
                 for _ in range(rng.integers(1, 5))]
        rows.append({"article_id": f"a{i:03d}", "outlet": OUTLETS[i % 4],
                     "published": f"2024-05-{10 + i % 9:02d}", "country": "xy"[i % 2],
                     "text": "\n\n".join(paras)})
    rows += [{**rows[i], "article_id": f"copy{i:03d}", "outlet": OUTLETS[(i + 1) % 4],
              "published": "2024-05-01"} for i in range(0, 40, 4)]
    rows.append({"article_id": "de1", "outlet": OUTLETS[0], "country": "x",
                 "text": "Die Partnerschaft zwischen Russland und China kennt keine Grenzen, "
                 "sagte der Minister am Dienstag in Berlin vor den Journalisten."})
    rows.append({**rows[5], "article_id": "alone", "outlet": "alone.example"})
    path = tmp_path_factory.mktemp("resampled") / "corpus.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def _files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.name != "run.json"}


@pytest.mark.parametrize(("method", "by"), [("lexicon", "outlet"), ("ensemble", "country")])
def test_framing_score_streaming_writes_the_tables_of_the_whole_corpus_scored_at_once(
        resampled_corpus, tmp_path, monkeypatch, method, by):
    # The reference is the in-memory path (load_corpus, then score_corpus), the one
    # framing score took before it streamed; chunks of 9 articles put copies of one
    # story, the German article and groups in different chunks.
    corpus = load_corpus(resampled_corpus)
    model = load_model(DEFAULT_MODEL) if method != "lexicon" else None
    with pytest.warns(ScoringWarning, match="de1"):
        scores = score_corpus(corpus, load_lexicon(DEFAULT_LEXICON), by=by, n_boot=200,
                              method=method, model=model)
    assert scores.hits["story_id"].nunique() < scores.hits["article_id"].nunique()
    write_tables(tmp_path / "reference", {t: getattr(scores, t) for t in TABLES},
                 command="score", parameters={}, checksums={})
    monkeypatch.setattr(corpus_module, "ARTICLE_CHUNK", 9)
    assert main(["score", str(resampled_corpus), "--out", str(tmp_path / "stream"),
                 "--n-boot", "200", "--method", method, "--by", by, "--jobs", "1"]) == 0
    reference, streamed = _files(tmp_path / "reference"), _files(tmp_path / "stream")
    assert sorted(streamed) == sorted(reference)
    for name, content in reference.items():
        assert streamed[name] == content, f"{name} differs from the whole-corpus path"


def test_a_chunk_is_let_go_once_it_is_scored(bundled_corpus, monkeypatch):
    # Memory must not hold every text: the articles frames (with their texts) the
    # stream hands over are freed as the engine moves on, not kept to the end.
    monkeypatch.setattr(scoring, "CHUNK_SIZE", 4)
    articles = pd.concat([bundled_corpus.articles] * 8, ignore_index=True)
    articles["article_id"] = [f"a{i}" for i in range(len(articles))]
    alive: list[weakref.ref] = []
    most_alive = []

    def chunks():
        for start in range(0, len(articles), 2):
            gc.collect()
            most_alive.append(sum(ref() is not None for ref in alive))
            chunk = articles.iloc[start:start + 2].reset_index(drop=True)
            alive.append(weakref.ref(chunk))
            yield chunk

    scores = score_stream(chunks(), load_lexicon(DEFAULT_LEXICON), n_boot=10,
                          keep_sentences=False)
    gc.collect()
    assert len(alive) == len(articles) // 2 >= 16
    assert max(most_alive) <= 3  # the engine's look-ahead (4 articles), not the corpus
    assert all(ref() is None for ref in alive)
    assert scores.sentences.empty and "text" not in scores.evidence
    assert scores.frame_scores["article_id"].nunique() == len(articles)
