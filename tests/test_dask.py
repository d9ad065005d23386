"""Dask (analysis.distributed, --dask): the same tables as the local path, and clear errors.

The equality tests run ``framing score|terms --dask`` on a LocalCluster of two
worker processes with one thread each and compare every output table, byte for
byte, with ``--jobs 1``: on the bundled corpus and on a synthetic one cut into
many small chunks, so chunks finish out of order and must be put back in order.
"""

from __future__ import annotations

import json
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.cli import main
from analysis.config import DATA_DIR, DEFAULT_LEXICON
from analysis.distributed import check_address, require_distributed
from analysis.errors import EXIT_INPUT_ERROR, InputError

try:
    import distributed
except ImportError:  # pragma: no cover - the optional dependency
    distributed = None

needs_dask = pytest.mark.skipif(distributed is None, reason='dask is not installed: '
                                'pip install "framing-analysis[dask]"')

OUTLETS = ["wire.example", "daily.example", "gazette.example", "herald.example", "post.example"]


@pytest.fixture(scope="module")
def synthetic_corpus(tmp_path_factory) -> Path:
    """260 articles of 5 outlets resampled from the bundled sentences, with wire copies
    (story clusters) and one German article (left out of the scores)."""
    from analysis.ingest.corpus import load_corpus
    from analysis.text.tokens import sentence_table

    corpus = load_corpus(DATA_DIR)
    sentences = sentence_table(corpus.articles)["text"].tolist()
    rng = np.random.default_rng(7)
    rows = []
    for i in range(250):
        paras = [" ".join(rng.choice(sentences, size=rng.integers(1, 4)))
                 for _ in range(rng.integers(2, 6))]
        rows.append({"article_id": f"a{i:03d}", "outlet": OUTLETS[i % 5],
                     "text": "\n\n".join(paras)})
    for i in range(0, 50, 5):  # wire copies in other outlets
        rows.append({**rows[i], "article_id": f"copy{i:03d}", "outlet": OUTLETS[(i + 1) % 5]})
    rows.append({"article_id": "de1", "outlet": OUTLETS[0],
                 "text": "Die Partnerschaft zwischen Russland und China kennt keine Grenzen, "
                 "sagte der Minister am Dienstag in Berlin vor den Journalisten."})
    path = tmp_path_factory.mktemp("synthetic") / "corpus.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def _tables(out: Path) -> dict[str, bytes]:
    """Every output table of a command (run.json holds timings, so it differs)."""
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.name != "run.json"}


def _run(command: str, corpus: Path, out: Path, *options: str) -> dict[str, bytes]:
    args = [command, str(corpus), "--out", str(out), *options]
    if command == "score":
        args += ["--n-boot", "200", "--method", "ensemble"]
    assert main(args) == 0
    return _tables(out)


@needs_dask
@pytest.mark.parametrize("command", ["score", "terms"])
@pytest.mark.parametrize("which", ["bundled", "synthetic"])
def test_dask_tables_are_byte_identical_to_one_process(command, which, synthetic_corpus,
                                                       tmp_path, monkeypatch, capsys):
    corpus = DATA_DIR if which == "bundled" else synthetic_corpus
    # small chunks: about 20 of them, so two workers finish them out of order
    monkeypatch.setattr("analysis.frames.scoring.CHUNK_SIZE", 13)
    monkeypatch.setattr("analysis.language.counts.CHUNK_SIZE", 13)
    local = _run(command, corpus, tmp_path / "local", "--jobs", "1")
    on_dask = _run(command, corpus, tmp_path / "dask", "--dask", "--jobs", "2")
    assert "dask: 2 worker(s) at LocalCluster; dashboard http" in capsys.readouterr().out
    assert sorted(on_dask) == sorted(local) and len(local) >= 4
    for name, content in local.items():
        assert on_dask[name] == content, f"{name} differs between --jobs 1 and --dask"
    if command == "score" and which == "synthetic":
        hits = pd.read_csv(tmp_path / "dask" / "hits.csv")
        assert hits["article_id"].nunique() > 100  # many chunks really were scored
        run = json.loads((tmp_path / "dask" / "run.json").read_text())
        assert run["parameters"]["dask"] == "local"
        assert [e["article_id"] for e in run["excluded_articles"]] == ["de1"]


@pytest.fixture(scope="module")
def client():
    if distributed is None:
        pytest.skip('dask is not installed: pip install "framing-analysis[dask]"')
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0", silence_logs=40) as cluster, \
            distributed.Client(cluster, set_as_default=False) as c:
        yield c


@needs_dask
def test_a_notebook_can_pass_its_client_to_score_corpus(client, synthetic_corpus):
    from analysis.frames.lexicon import load_lexicon
    from analysis.frames.scoring import score_corpus
    from analysis.ingest.corpus import load_corpus

    corpus = load_corpus(synthetic_corpus)
    lexicon = load_lexicon(DEFAULT_LEXICON)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the German article is left out, with a warning
        local = score_corpus(corpus, lexicon, n_boot=100)
        remote = score_corpus(corpus, lexicon, n_boot=100, client=client)
    for name in ("hits", "frame_scores", "outlet_scores", "evidence", "sentences"):
        pd.testing.assert_frame_equal(getattr(remote, name), getattr(local, name))


def _slow_echo(delays: dict[int, float], chunk: list[int]) -> list[int]:
    time.sleep(delays.get(chunk[0], 0.0))
    return chunk


def _fail_on_three(context: object, chunk: list[int]) -> list[int]:
    if 3 in chunk:
        raise ValueError("chunk with article 3 is broken")
    return chunk


@needs_dask
def test_chunks_come_back_in_input_order_and_in_bounded_number(client):
    from analysis.distributed import map_on_dask

    pulled = []

    def chunks():
        for i in range(8):
            pulled.append(i)
            yield [i]

    results = []
    # the first chunk is the slowest: the others finish first and must wait for it
    for result in map_on_dask(client, _slow_echo, {0: 1.5, 1: 0.5}, chunks(), in_flight=3):
        results.append(result)
        assert len(pulled) <= len(results) + 3  # never more than 3 chunks ahead
    assert results == [[i] for i in range(8)]


@needs_dask
def test_a_failing_chunk_raises_its_error_on_the_client(client):
    from analysis.distributed import map_on_dask

    with pytest.raises(ValueError, match="article 3 is broken"):
        list(map_on_dask(client, _fail_on_three, None, ([i] for i in range(6))))


@needs_dask
def test_term_counts_merged_from_chunks_equal_one_fit(client, synthetic_corpus, monkeypatch):
    from analysis.language.counts import term_counts

    articles = pd.read_csv(synthetic_corpus)
    one = term_counts(articles, min_df=2)
    monkeypatch.setattr("analysis.language.counts.CHUNK_SIZE", 17)
    merged = term_counts(articles, min_df=2, client=client)
    assert merged.terms.tolist() == one.terms.tolist()
    assert (merged.article_counts != one.article_counts).nnz == 0
    assert merged.article_counts.indices.tolist() == one.article_counts.indices.tolist()
    assert (merged.group_counts != one.group_counts).nnz == 0


def test_unreachable_scheduler_names_the_address_and_exits_2(tmp_path, capsys):
    if distributed is None:
        pytest.skip("dask is not installed")
    started = time.monotonic()
    code = main(["score", str(DATA_DIR), "--out", str(tmp_path / "out"), "--dask",
                 "tcp://127.0.0.1:1", "--dask-timeout", "2"])
    assert code == EXIT_INPUT_ERROR
    assert time.monotonic() - started < 60
    err = capsys.readouterr().err
    assert "cannot reach a Dask scheduler at tcp://127.0.0.1:1 within 2 s" in err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("options, message", [
    (["--dask", "tcp://10.0.0.5:8786", "--jobs", "2"], "the cluster at tcp://10.0.0.5:8786 has"),
    (["--dask", "missing-scheduler.json"], "cannot read a scheduler address from"),
])
def test_dask_option_conflicts_exit_2(options, message, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    if distributed is None and "--jobs" not in options:
        pytest.skip("dask is not installed")
    assert main(["score", str(DATA_DIR), "--out", str(tmp_path / "out"), *options]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_a_path_after_dask_is_not_taken_for_an_address(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["score", "--dask", str(DATA_DIR)])
    assert exc.value.code == 2
    assert "give the corpus before --dask" in capsys.readouterr().err
    assert check_address("scheduler:8786") == "scheduler:8786"


def test_without_dask_the_error_names_the_extra(monkeypatch, tmp_path, capsys):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed fails
    with pytest.raises(InputError, match=r"framing-analysis\[dask\]"):
        require_distributed()
    for command in ("score", "terms"):
        args = [command, str(DATA_DIR), "--out", str(tmp_path / command), "--dask"]
        assert main(args) == EXIT_INPUT_ERROR
        assert 'pip install "framing-analysis[dask]"' in capsys.readouterr().err
        assert not (tmp_path / command).exists()


def test_term_counts_of_a_process_pool_equal_one_fit(synthetic_corpus, monkeypatch):
    from analysis.language.counts import term_counts

    articles = pd.read_csv(synthetic_corpus)
    one = term_counts(articles)
    monkeypatch.setattr("analysis.language.counts.CHUNK_SIZE", 29)
    pooled = term_counts(articles, n_jobs=2)
    assert pooled.terms.tolist() == one.terms.tolist()
    assert (pooled.article_counts != one.article_counts).nnz == 0
    assert pooled.article_counts.indices.tolist() == one.article_counts.indices.tolist()
