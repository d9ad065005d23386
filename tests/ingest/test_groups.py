"""Groups: outlet, origin or any metadata column of the input, carried through ingest."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis.errors import InputError
from analysis.ingest.groups import check_group_by, group_labels, groups_by_size
from analysis.schema import TABLES

TEXT = "Putin and Xi spoke by video link on Friday. They praised their partnership."


@pytest.mark.parametrize(("by", "columns"), [
    ("outlet", None), ("origin", None), ("media_system", None),
    ("outlet", ["article_id"]), ("country", ["article_id", "outlet", "country"]),
])
def test_outlet_origin_and_present_columns_are_groupings(by, columns):
    assert check_group_by(by, columns) == by


@pytest.mark.parametrize(("by", "columns"), [
    ("colour", ["article_id", "outlet", "origin", "country"]),
    ("text", None), ("text", ["article_id", "text"]), ("", None), ("a,b=1", None),
])
def test_other_groupings_are_refused_naming_what_can_be_used(by, columns):
    with pytest.raises(InputError, match=r"cannot group by .*: choose one of outlet, origin"):
        check_group_by(by, columns)


def test_refusal_lists_the_metadata_columns_of_the_articles():
    with pytest.raises(InputError, match=r"choose one of outlet, origin, url, country$"):
        check_group_by("colour", ["article_id", "outlet", "url", "text", "country"])


@pytest.mark.parametrize(("by", "expected"), [
    ("outlet", ["a.com", "b.com", "c.com", "unknown"]),
    ("origin", ["wp.com", "b.com", "c.com", "unknown"]),
    ("media_system", ["liberal", "unknown", "unknown", "polarized"]),
])
def test_group_labels_fill_empty_values(by, expected):
    df = pd.DataFrame({"outlet": ["a.com", "b.com", "c.com", ""],
                       "origin": ["wp.com", "", None, ""],
                       "media_system": ["liberal", "", None, " polarized "]})
    assert group_labels(df, by=by).tolist() == expected


def test_group_labels_of_a_missing_column_name_the_columns():
    with pytest.raises(InputError, match="choose one of outlet, origin, media_system"):
        group_labels(pd.DataFrame({"outlet": ["a"], "media_system": ["x"]}), by="country")


def test_bundled_manifest_groups_by_media_system_and_country(bundled_corpus):
    arts = bundled_corpus.articles
    documented = list(TABLES["articles"].columns)
    assert list(arts.columns) == [*documented, "media_system", "country"]
    by_id = dict(zip(arts["article_id"], group_labels(arts, by="media_system"), strict=True))
    assert by_id["washingtonpost-2022-12-30"] == "western"
    assert by_id["silkroad2021-2022-12-31"] == "unknown"
    assert set(group_labels(arts, by="country")) == {"US", "unknown"}


def test_manifest_column_is_carried_through_and_groups(tmp_path, write_manifest, load_quietly):
    (tmp_path / "raw").mkdir()
    for name in ("a", "b", "c"):
        (tmp_path / "raw" / f"{name}.txt").write_text(f"{TEXT} Story {name}.\n")
    write_manifest(tmp_path, [
        {"article_id": "a", "path": "raw/a.txt", "outlet": "a.com", "media_system": "liberal"},
        {"article_id": "b", "path": "raw/b.txt", "outlet": "b.com", "media_system": ""},
        {"article_id": "c", "path": "raw/c.txt", "outlet": "c.com", "media_system": "liberal"},
    ])
    arts = load_quietly(tmp_path).articles.set_index("article_id", drop=False)
    assert "path" not in arts.columns  # where the text is, not metadata
    assert arts["media_system"].to_dict() == {"a": "liberal", "b": "", "c": "liberal"}
    assert group_labels(arts, by="media_system").to_dict() == {
        "a": "liberal", "b": "unknown", "c": "liberal"}


def test_jsonl_and_csv_columns_are_carried_through(tmp_path, load_quietly):
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(r) for r in [
        {"article_id": "j1", "outlet": "x.ru", "country": "RU", "text": TEXT},
        {"article_id": "j2", "outlet": "y.cn", "rank": 3, "text": TEXT + " More."},
    ]) + "\n")
    arts = load_quietly(feed).articles
    assert arts[["country", "rank"]].to_dict("list") == {"country": ["RU", ""], "rank": ["", "3"]}
    table = tmp_path / "t.csv"
    pd.DataFrame({"text": [TEXT], "outlet": ["z.com"], "country": ["US"],
                  "n_chars": ["999"]}).to_csv(table, index=False)
    arts = load_quietly(table).articles
    assert arts["country"].tolist() == ["US"]
    assert arts["n_chars"].tolist() == [len(arts["text"][0])]  # computed, never the input's


def test_the_largest_group_comes_first_and_ties_go_by_name():
    arts = pd.DataFrame({"outlet": ["z.com", "a.com", "m.com", "m.com", "z.com", "b.com"]})
    assert groups_by_size(arts) == ["m.com", "z.com", "a.com", "b.com"]
