"""Publication dates: one day/month rule per corpus, impossible dates flagged (ingest.dates)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.cli import main
from analysis.ingest.corpus import IngestWarning, load_corpus
from analysis.ingest.dates import parse_date

STORY = (
    "Russian President Vladimir Putin met Chinese President Xi Jinping in Beijing on "
    "Thursday. The two leaders praised a partnership they describe as a stabilizing force "
    "in a turbulent world, and pledged to expand trade in energy."
)


@pytest.mark.parametrize(
    "value, day_first, iso, problem",
    [
        ("2022-12-30", False, "2022-12-30", ""),
        ("2022-12-30T23:30:00-05:00", False, "2022-12-31", ""),  # in UTC
        ("2022/12/30", True, "2022-12-30", ""),  # year first whatever the order
        ("30 December 2022", False, "2022-12-30", ""),
        ("Fri, 30 Dec 2022 06:30:00 GMT", False, "2022-12-30", ""),
        ("01/02/2023", False, "2023-01-02", ""),
        ("01/02/2023", True, "2023-02-01", ""),
        ("12/31/2022", False, "2022-12-31", ""),
        ("31.12.22", True, "2022-12-31", ""),
        ("31/12/2022", False, "", "read month first"),
        ("12/31/2022", True, "", "read day first"),
        ("2022-13-45", False, "", "not a possible date"),
        ("2023-02-29", False, "", "not a possible date"),
        ("45/13/2022", True, "", "not a possible date"),
        ("last week", False, "", "not a date"),
        ("", False, "", ""),
    ],
)
def test_parse_date(value, day_first, iso, problem):
    parsed = parse_date(value, day_first=day_first)
    assert parsed.iso == iso
    assert (problem in parsed.problem) if problem else parsed.problem == ""


@pytest.fixture
def dated_csv(tmp_path):
    src = tmp_path / "dated.csv"
    published = ["01/02/2023", "31/12/2022", "2022-13-45", "2024-05-16"]
    pd.DataFrame({
        "article_id": ["ambiguous", "day-first", "impossible", "iso"],
        "outlet": ["a.com", "b.com", "c.com", "d.com"],
        "published": published,
        "text": [STORY.replace("Thursday", day) for day in ("Monday", "Tuesday", "Friday", "")],
    }).to_csv(src, index=False)
    return src


def test_one_order_for_every_date_and_impossible_dates_flagged(dated_csv):
    with pytest.warns(IngestWarning) as caught:
        corpus = load_corpus(dated_csv)
    published = corpus.articles.set_index("article_id")["published"].to_dict()
    assert published == {"ambiguous": "2023-01-02", "day-first": "", "impossible": "",
                         "iso": "2024-05-16"}
    detail = corpus.report.set_index("article_id")["detail"]
    assert detail["day-first"].startswith("published '31/12/2022' is not a possible date read "
                                          "month first")
    assert "--day-first" in detail["day-first"]
    assert detail["impossible"].startswith("published '2022-13-45' is not a possible date")
    assert "left empty" in corpus.articles.set_index("article_id").loc["impossible", "notes"]
    where = {(w.filename, w.lineno) for w in caught if "published" in str(w.message)}
    assert where == {("dated.csv", 3), ("dated.csv", 4)}


def test_day_first_reads_both_ambiguous_dates_by_the_same_rule(dated_csv, load_quietly):
    corpus = load_quietly(dated_csv, day_first=True)
    published = corpus.articles.set_index("article_id")["published"]
    assert (published["ambiguous"], published["day-first"]) == ("2023-02-01", "2022-12-31")


def test_cli_day_first_option(dated_csv, tmp_path):
    out = tmp_path / "out"
    with pytest.warns(IngestWarning):
        assert main(["ingest", str(dated_csv), "--out", str(out), "--day-first"]) == 0
    arts = pd.read_csv(out / "articles.csv", keep_default_na=False).set_index("article_id")
    assert arts.loc["ambiguous", "published"] == "2023-02-01"
