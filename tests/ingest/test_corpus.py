"""Ingest: the bundled corpus, folders and manifests, ids, warnings, the CLI, provenance.

Decoding and the per-format readers are tested in test_readers.py.
"""

from __future__ import annotations

import json
import shutil
import time

import pandas as pd
import pytest

from analysis import config, provenance
from analysis.cli import main
from analysis.errors import EXIT_INPUT_ERROR, InputError
from analysis.ingest.corpus import IngestWarning, load_corpus
from analysis.schema import TABLES
from analysis.text.tokens import sentence_table

BUNDLED_IDS = [
    "unionleader-2022-12-30",
    "washingtonpost-2022-12-30",
    "silkroad2021-2022-12-31",
    "usanews-2022-12-30",
    "newslite-2024-05-16",
]
STORY = (
    "Russian President Vladimir Putin met Chinese President Xi Jinping in Beijing on "
    "Thursday. The two leaders praised a partnership they describe as a stabilizing force "
    "in a turbulent world, and pledged to expand trade in energy."
)
OUTPUT_FILES = {
    "articles.csv",
    "articles.parquet",
    "ingest_report.csv",
    "removals.csv",
    "sentences.csv",
    "run.json",
}


# --- the bundled corpus -------------------------------------------------------------


def test_bundled_corpus_has_five_articles_with_manifest_metadata(bundled_corpus):
    arts = bundled_corpus.articles.set_index("article_id")
    assert list(bundled_corpus.articles.columns) == [*TABLES["articles"].columns, "media_system",
                                                     "country"]
    assert sorted(arts.index) == sorted(BUNDLED_IDS)
    assert arts.loc["usanews-2022-12-30", "outlet"] == "usanews.net"
    assert arts.loc["newslite-2024-05-16", "origin"] == "foreignpolicy.com"
    assert arts.loc["silkroad2021-2022-12-31", "origin"] == ""
    assert arts.loc["washingtonpost-2022-12-30", "source_file"] == "001_197c6a4219933ccf.txt"
    assert set(arts["language"]) == {"en"}
    assert (arts["n_chars"] == arts["text"].str.len()).all()
    assert bundled_corpus.summary() == "5 articles: 5 loaded, 0 repaired, 0 skipped"


def test_bundled_syndicated_copies_share_one_story(bundled_corpus):
    stories = bundled_corpus.articles.set_index("article_id")["story_id"]
    assert stories["unionleader-2022-12-30"] == stories["washingtonpost-2022-12-30"]
    assert stories.nunique() == 4


def test_bundled_sentences_point_into_cleaned_text(bundled_corpus):
    sents = sentence_table(bundled_corpus.articles)
    texts = bundled_corpus.articles.set_index("article_id")["text"]
    assert set(sents["article_id"]) == set(BUNDLED_IDS)
    row = sents.iloc[10]
    assert texts[row.article_id][row.start : row.end] == row.text


def test_checksum_is_stable_across_locations_and_changes_with_content(tmp_path):
    copy = tmp_path / "elsewhere"
    shutil.copytree(config.DATA_DIR, copy, ignore=shutil.ignore_patterns("gold", "lexicons"))
    first = load_corpus(copy).checksum
    assert load_corpus(copy).checksum == first
    assert load_corpus(config.DATA_DIR).checksum == first
    raw = next((copy / "raw").glob("003-*.txt"))
    raw.write_text(raw.read_text(encoding="utf-8") + "\nOne more line.", encoding="utf-8")
    assert load_corpus(copy).checksum != first


# --- the command line ---------------------------------------------------------------


def test_cli_ingest_of_data_writes_every_table_and_leaves_raw_untouched(tmp_path, capsys):
    raw = sorted((config.DATA_DIR / "raw").iterdir())
    before = {p.name: provenance.sha256_file(p) for p in raw}
    out = tmp_path / "ingest"
    assert main(["ingest", str(config.DATA_DIR), "--out", str(out)]) == 0
    assert "5 articles: 5 loaded, 0 repaired, 0 skipped" in capsys.readouterr().out
    assert OUTPUT_FILES <= {p.name for p in out.iterdir()}
    arts = pd.read_csv(out / "articles.csv", keep_default_na=False)
    assert len(arts) == 5 and len(pd.read_parquet(out / "articles.parquet")) == 5
    title = arts.set_index("article_id").loc["silkroad2021-2022-12-31", "title"]
    assert title == "Putin, Xi, Discuss Strategic Cooperation For 2023"
    report = pd.read_csv(out / "ingest_report.csv")
    assert len(report) == 5 and set(report["status"]) == {"loaded"}
    assert set(pd.read_csv(out / "sentences.csv")["article_id"]) == set(BUNDLED_IDS)
    assert list(pd.read_csv(out / "removals.csv").columns) == list(TABLES["removals"].columns)
    assert {p.name: provenance.sha256_file(p) for p in raw} == before
    assert sorted((config.DATA_DIR / "raw").iterdir()) == raw


@pytest.mark.filterwarnings("ignore::analysis.ingest.corpus.IngestWarning")
@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("nocol.csv", "headline,body\nA,B\n", "columns found: headline, body"),
        ("nokey.jsonl", '{"body": "x"}\n{"headline": "y"}\n', "keys found: body, headline"),
        (
            "dupes.csv",
            "article_id,text\na1,One text here.\na1,Another text.\n",
            "'a1' is used twice: by dupes.csv, line 2 and by dupes.csv, line 3",
        ),
        ("nothing.json", "{}", "cannot read .json"),
    ],
)
def test_cli_input_errors_exit_2_and_write_nothing(tmp_path, capsys, name, content, expected):
    src = tmp_path / name
    src.write_text(content, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["ingest", str(src), "--out", str(out)]) == EXIT_INPUT_ERROR
    err = capsys.readouterr().err
    assert expected in err and name in err
    assert not out.exists()


def test_cli_missing_manifest_exits_2(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    out = tmp_path / "out"
    code = main(
        ["ingest", str(tmp_path), "--manifest", str(tmp_path / "nope.csv"), "--out", str(out)]
    )
    assert code == EXIT_INPUT_ERROR
    assert "manifest" in capsys.readouterr().err and not out.exists()


# --- folders and manifests ------------------------------------------------------------


def test_folder_without_manifest_loads_every_text_file(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "sub" / "b.txt").write_text(
        "Le président russe a rencontré son homologue chinois à Pékin jeudi.", encoding="utf-8"
    )
    with pytest.warns(IngestWarning, match="2 articles have no outlet .* 'unknown': a.txt, sub/b"):
        arts = load_corpus(tmp_path).articles.set_index("article_id")
    assert arts.loc["b", "source"] == "sub/b.txt"
    assert arts.loc["b", "language"] == "fr"


def test_manifest_row_whose_file_is_missing_is_an_error(tmp_path, write_manifest):
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    write_manifest(
        tmp_path,
        [{"article_id": "a", "path": "a.txt"}, {"article_id": "gone", "path": "raw/gone.txt"}],
    )
    with pytest.raises(
        InputError,
        match=r"corpus.csv, line 3: file 'raw/gone.txt' \(article "
        r"gone\) does not exist",
    ):
        load_corpus(tmp_path)


def test_manifest_without_path_column_is_an_error(tmp_path, write_manifest):
    write_manifest(tmp_path, [{"article_id": "a", "file": "a.txt"}])
    with pytest.raises(InputError, match="no 'path' column; columns found: article_id, file"):
        load_corpus(tmp_path)


def test_duplicate_ids_across_files_name_both_files(tmp_path, load_quietly):
    (tmp_path / "sub").mkdir()
    for name in ("x.txt", "sub/x.txt"):
        (tmp_path / name).write_text(STORY, encoding="utf-8")
    with pytest.raises(InputError, match=r"'x' is used twice: by sub/x.txt and by x.txt"):
        load_quietly(tmp_path)


def test_missing_corpus_path_is_an_error(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        load_corpus(tmp_path / "nowhere")


# --- scale and progress -----------------------------------------------------------------


def test_fifty_megabyte_file_loads_beside_a_normal_one(tmp_path, load_quietly):
    (tmp_path / "small.txt").write_text(STORY, encoding="utf-8")
    with open(tmp_path / "huge.txt", "w", encoding="utf-8") as fh:
        fh.writelines(f"Report {i}: {STORY}\n" for i in range(50_000_000 // len(STORY)))
    start = time.perf_counter()  # about 4 s: not marked slow
    corpus = load_quietly(tmp_path)
    elapsed = time.perf_counter() - start
    arts = corpus.articles.set_index("article_id")
    assert arts.loc["huge", "n_chars"] >= 50_000_000
    assert arts.loc["small", "story_id"] == "huge"  # the small text is contained in it
    assert elapsed < 60, f"50 MB took {elapsed:.0f} s"


def test_many_skips_warn_individually_up_to_a_limit(tmp_path):
    lines = ["{bad"] * 25 + [json.dumps({"text": STORY, "outlet": "x.org"})]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines), encoding="utf-8")
    with pytest.warns(IngestWarning) as caught:
        corpus = load_corpus(tmp_path / "feed.jsonl")
    messages = [str(w.message) for w in caught]
    assert messages[0].startswith("skipped: not valid JSON")
    assert (caught[0].filename, caught[0].lineno) == ("feed.jsonl", 1)
    assert messages[-1] == "5 more items skipped; see the ingest report"
    assert len(corpus.report) == 26 and len(corpus.articles) == 1


def test_worker_processes_give_the_same_corpus_warnings_and_report(tmp_path, monkeypatch):
    from analysis.ingest import articles as articles_module

    lines = [json.dumps({"text": f"{STORY} Copy {i}.", "outlet": f"o{i % 3}.org",
                         "published": "2024-02-30" if i == 4 else "2024-05-16"})
             for i in range(9)]
    lines[2] = "{bad"
    lines[5] = json.dumps({"text": "   ", "outlet": "blank.org"})
    lines[7] = json.dumps({"text": "Putin and Xi met.\u0000 Cookies: accept all",
                           "outlet": "n.org"})
    lines.append(json.dumps({"text": "Ð¡Ð¸ Ð¸ ÐŸÑƒÑ‚Ð¸Ð½ " + STORY, "outlet": "m.org"}))
    (tmp_path / "feed.jsonl").write_text("\n".join(lines), encoding="utf-8")
    monkeypatch.setattr(articles_module, "INGEST_CHUNK", 2)  # several chunks in flight
    loaded = {}
    for jobs in (1, 2):
        with pytest.warns(IngestWarning) as caught:
            loaded[jobs] = load_corpus(tmp_path / "feed.jsonl", n_jobs=jobs)
        loaded[jobs].warnings = [(str(w.message), w.filename, w.lineno) for w in caught]
    one, two = loaded[1], loaded[2]
    assert len(one.articles) == 8 and set(one.report["status"]) == {"loaded", "repaired",
                                                                    "skipped"}
    pd.testing.assert_frame_equal(one.articles, two.articles)
    pd.testing.assert_frame_equal(one.report, two.report)
    pd.testing.assert_frame_equal(one.removals, two.removals)
    assert one.warnings == two.warnings and one.checksum == two.checksum


def test_progress_bar_only_when_asked_or_many_items(tmp_path, capsys, load_quietly):
    for i in range(3):
        (tmp_path / f"a{i}.txt").write_text(f"{STORY} {i}", encoding="utf-8")
    load_quietly(tmp_path)
    assert "ingest" not in capsys.readouterr().err
    load_quietly(tmp_path, progress=True)
    assert "ingest: 100%" in capsys.readouterr().err


def test_ingest_round_trips_articles(tmp_path, bundled_corpus):
    assert main(["ingest", str(config.DATA_DIR), "--out", str(tmp_path)]) == 0
    back = pd.read_parquet(tmp_path / "articles.parquet")
    assert back["text"].tolist() == bundled_corpus.articles["text"].tolist()
    run = json.loads((tmp_path / "run.json").read_text(encoding="utf-8"))
    assert run["checksums"]["corpus"] == bundled_corpus.checksum


def test_manifest_listing_one_file_twice_is_an_error(tmp_path, write_manifest):
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    write_manifest(
        tmp_path, [{"article_id": "a", "path": "a.txt"}, {"article_id": "b", "path": "./a.txt"}]
    )
    with pytest.raises(InputError, match="lines 2 and 3 both list './a.txt'"):
        load_corpus(tmp_path)


def test_ingest_output_can_be_ingested_again_unchanged(tmp_path, bundled_corpus):
    assert main(["ingest", str(config.DATA_DIR), "--out", str(tmp_path)]) == 0
    again = load_corpus(tmp_path / "articles.csv").articles
    cols = ["article_id", "outlet", "origin", "story_id", "published", "title", "text"]
    pd.testing.assert_frame_equal(again[cols], bundled_corpus.articles[cols])


def test_a_few_words_get_no_language_guess_and_are_still_scored(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        '{"text": "Xi and Putin met.", "outlet": "a.com"}\n'
        '{"text": "Putin und Xi trafen sich am Freitag in Peking, um über Handel und '
        'Sicherheit zu sprechen.", "outlet": "b.de"}\n',
        encoding="utf-8",
    )
    corpus = load_corpus(feed)
    assert corpus.articles["language"].tolist() == ["", "de"]
    assert "not detected reliably" in corpus.articles["notes"].iloc[0]


# --- nothing usable, control characters ------------------------------------------------------


@pytest.mark.filterwarnings("ignore::analysis.ingest.corpus.IngestWarning")
@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("folder", {"empty.txt": b"", "binary.txt": bytes(range(256)) * 4},
         "all 2 input items were skipped (binary.txt: binary file, not text)"),
        ("feed.jsonl", b'{"text": ""}\n{bad\n', "all 2 input items were skipped (feed.jsonl:1"),
        ("feed.csv", b"article_id,text\na,\nb,  \n", "all 2 input items were skipped"),
        ("only.txt", b"   \n", "the 1 input item was skipped (only.txt: empty file)"),
        ("empty-folder", {}, "no input items found"),
    ],
)
def test_corpus_with_nothing_usable_exits_2(tmp_path, capsys, name, content, expected):
    src = tmp_path / name
    if isinstance(content, dict):
        src.mkdir()
        for file, data in content.items():
            (src / file).write_bytes(data)
    else:
        src.write_bytes(content)
    out = tmp_path / "out"
    assert main(["ingest", str(src), "--out", str(out)]) == EXIT_INPUT_ERROR
    err = capsys.readouterr().err
    assert "nothing usable" in err and expected in err and not out.exists()


def test_control_characters_never_reach_the_tables(tmp_path):
    feed = tmp_path / "feed.jsonl"
    lines = [{"article_id": "nul", "outlet": "a.com", "text": "Put\u0000in met Xi.\u0007 " + STORY},
             {"article_id": "ok", "outlet": "b.com", "text": STORY.replace("Beijing", "Harbin")}]
    feed.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["ingest", str(feed), "--out", str(out)]) == 0
    for table in ("articles.csv", "removals.csv", "sentences.csv", "ingest_report.csv"):
        data = (out / table).read_bytes()
        assert b"\x00" not in data and b"\x07" not in data, table
    removals = pd.read_csv(out / "removals.csv").query("rule == 'control_characters'")
    assert removals[["article_id", "removed_text"]].values.tolist() == [
        ["nul", "U+0000 (1), U+0007 (1)"]
    ]
    text = pd.read_csv(out / "articles.csv").set_index("article_id").loc["nul", "text"]
    assert text.startswith("Putin met Xi.")
