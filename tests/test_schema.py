"""The schema module is the one place table columns are documented."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis.schema import TABLES, conform, describe


@pytest.mark.parametrize("name", sorted(TABLES))
def test_columns_are_unique_snake_case_and_documented(name):
    table = TABLES[name]
    assert len(set(table.columns)) == len(table.columns)
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", c) for c in table.columns)
    assert all(doc.strip() for _, doc in table.fields)


def test_conform_names_the_missing_columns():
    with pytest.raises(KeyError, match="sentence_id"):
        conform(pd.DataFrame({"article_id": ["a"]}), "sentences")


def test_conform_orders_columns_and_drops_extras():
    df = pd.DataFrame({"detail": ["x"], "status": ["loaded"], "item": ["f.txt"],
                       "article_id": ["a"], "scratch": [1]})
    assert conform(df, "ingest_report").columns.tolist() == ["item", "article_id", "status",
                                                             "detail"]


def test_describe_lists_every_column():
    text = describe("hits")
    assert all(f"`{c}`" in text for c in TABLES["hits"].columns)
