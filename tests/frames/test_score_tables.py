"""Scoring a stream of chunks: the same tables as the whole corpus at once, and the
texts of a chunk are let go once it is scored."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from analysis import outputs
from analysis.cli import main
from analysis.config import DATA_DIR, DEFAULT_LEXICON, DEFAULT_MODEL
from analysis.frames import score_tables, scoring
from analysis.frames.lexicon import load_lexicon
from analysis.frames.model_hits import load_model
from analysis.frames.scoring import ScoringWarning, score_corpus, score_stream
from analysis.ingest import corpus as corpus_module
from analysis.ingest.corpus import load_corpus
from analysis.outputs import SpilledTable, write_tables
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


def test_spilled_rows_are_on_disk_after_each_chunk_not_in_memory(bundled_corpus, monkeypatch):
    # framing score's memory must not grow with the rows of hits, frame_scores and
    # evidence: each chunk's rows go to disk as it is scored.
    seen = []
    add = score_tables.TableParts.add

    def add_and_look(self, articles, results):
        add(self, articles, results)
        seen.append(({name: len(parts) for name, parts in self._parts.items()},
                     {name: (t.n_chunks, len(list(t.path.iterdir())))
                      for name, t in self.spilled.items()}))

    monkeypatch.setattr(score_tables.TableParts, "add", add_and_look)
    articles = bundled_corpus.articles

    def chunks():
        for start in range(len(articles)):
            yield articles.iloc[start:start + 1].reset_index(drop=True)

    lexicon = load_lexicon(DEFAULT_LEXICON)
    spilled = score_stream(chunks(), lexicon, n_boot=20, keep_sentences=False, spill=True)
    assert len(seen) == len(articles) >= 3
    for i, (in_memory, on_disk) in enumerate(seen, start=1):
        assert in_memory == {"hits": 0, "frame_scores": 0, "evidence": 0, "sentences": 0}
        assert on_disk == {name: (i, i) for name in ("hits", "frame_scores", "evidence")}
    kept = score_stream(chunks(), lexicon, n_boot=20, keep_sentences=False)
    for name in ("hits", "frame_scores", "evidence"):
        table = getattr(spilled, name)
        assert isinstance(table, SpilledTable) and len(table) == len(getattr(kept, name))
        pd.testing.assert_frame_equal(table.to_frame(), getattr(kept, name))
    pd.testing.assert_frame_equal(spilled.outlet_scores, kept.outlet_scores)
    assert spilled.counts == kept.counts
    assert spilled.counts == {"articles": len(articles), "hits": len(kept.hits),
                              "negated": int(kept.hits["negated"].sum())}
    spilled.close()
    assert not spilled.hits.path.exists()


def test_framing_score_parquet_row_groups_do_not_depend_on_jobs(resampled_corpus, tmp_path,
                                                                monkeypatch):
    # Tables longer than a row group are written in row groups of a fixed number of
    # rows: the same files with --jobs 1 and 2, the same values (and CSV bytes) as
    # the tables in memory, which are written in one row group.
    corpus = load_corpus(resampled_corpus)
    with pytest.warns(ScoringWarning):
        scores = score_corpus(corpus, load_lexicon(DEFAULT_LEXICON), n_boot=50)
    write_tables(tmp_path / "reference", {t: getattr(scores, t) for t in TABLES},
                 command="score", parameters={}, checksums={})
    monkeypatch.setattr(outputs, "PARQUET_ROW_GROUP", 40)
    monkeypatch.setattr(corpus_module, "ARTICLE_CHUNK", 9)
    for jobs in ("1", "2"):
        assert main(["score", str(resampled_corpus), "--out", str(tmp_path / jobs),
                     "--n-boot", "50", "--method", "lexicon", "--jobs", jobs]) == 0
    assert _files(tmp_path / "1") == _files(tmp_path / "2")
    hits = pq.ParquetFile(tmp_path / "1" / "hits.parquet").metadata
    assert len(scores.hits) > 80
    assert [hits.row_group(i).num_rows for i in range(hits.num_row_groups)] == [
        min(40, len(scores.hits) - start) for start in range(0, len(scores.hits), 40)]
    for name in TABLES:
        pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "1" / f"{name}.parquet"),
                                      pd.read_parquet(tmp_path / "reference" / f"{name}.parquet"))
        assert ((tmp_path / "1" / f"{name}.csv").read_bytes()
                == (tmp_path / "reference" / f"{name}.csv").read_bytes())
