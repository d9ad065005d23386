"""Column names and meanings of every table the package produces.

This module is the one place where table columns are documented. Each table is
tidy (one row per observation) and every row can be traced back to an article
(``article_id``) and, below the article level, to a sentence (``sentence_id``)
and a character span (``start``/``end`` in the *cleaned* article text).

>>> TABLES["hits"].columns[:3]
('article_id', 'outlet', 'origin')
>>> empty_frame("sentences").columns.tolist()
['article_id', 'sentence_id', 'start', 'end', 'text', 'n_tokens']
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

__all__ = ["Table", "TABLES", "empty_frame", "conform", "describe"]


@dataclass(frozen=True)
class Table:
    """A table's name, its columns in order, and one line per column."""

    name: str
    doc: str
    fields: tuple[tuple[str, str], ...]

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.fields)


def _table(name: str, doc: str, *fields: tuple[str, str]) -> Table:
    return Table(name, doc, tuple(fields))


_GROUP = ("group", "the outlet (site) or origin (who wrote it) the row summarises")
_FRAME = ("frame", "frame key from the lexicon, e.g. no_limits")

TABLES: dict[str, Table] = {
    t.name: t
    for t in [
        _table(
            "articles",
            "One row per article after ingest and cleaning (articles.csv).",
            ("article_id", "unique id; from the input, else derived from the file name"),
            ("outlet", "site the copy was taken from; 'unknown' when not given"),
            ("origin", "outlet that wrote the text when the copy is syndicated; else empty"),
            ("story_id", "story cluster: near-duplicate copies share one id"),
            ("url", "address of the page, when known"),
            ("published", "ISO date (YYYY-MM-DD), when known"),
            ("title", "headline"),
            ("language", "ISO 639-1 code, from the input or detected"),
            ("text", "cleaned article text; all character spans refer to it"),
            ("n_chars", "length of the cleaned text"),
            ("source", "input file the article came from"),
            ("source_line", "line (CSV/JSONL) or 0 for whole files"),
            ("source_file", "original file name of the input (manifest), else file name"),
            ("notes", "how fields were established (manifest notes and ingest notes)"),
        ),
        _table(
            "ingest_report",
            "One row per input item, whatever happened to it (ingest_report.csv).",
            ("item", "file, or file:line for CSV/JSONL rows"),
            ("article_id", "id given to the article, empty when skipped"),
            ("status", "loaded | repaired | skipped"),
            ("detail", "what was repaired, or why the item was skipped"),
        ),
        _table(
            "removals",
            "Cleaning audit: one row per piece of text a cleaning rule removed (removals.csv).",
            ("article_id", "article the text was removed from"),
            ("rule", "name of the cleaning rule"),
            ("removed_text", "the exact text removed"),
        ),
        _table(
            "sentences",
            "One row per sentence of the cleaned text (sentences.csv).",
            ("article_id", "article"),
            ("sentence_id", "0-based position of the sentence in its article"),
            ("start", "first character of the sentence in the cleaned text"),
            ("end", "one past the last character"),
            ("text", "the sentence"),
            ("n_tokens", "number of word and number tokens"),
        ),
        _table(
            "hits",
            "One row per lexicon match (hits.csv).",
            ("article_id", "article"),
            ("outlet", "site"),
            ("origin", "who wrote the text (falls back to outlet)"),
            ("story_id", "story cluster"),
            ("sentence_id", "sentence the match lies in"),
            _FRAME,
            ("cue", "the lexicon cue (pattern) that matched"),
            ("matched_text", "the text as it appears in the article"),
            ("start", "first character of the match in the cleaned text"),
            ("end", "one past the last character"),
            ("voice", "narrator | quote | scare_quote | reported"),
            ("speaker", "who is quoted or reported; empty for the narrator"),
            ("speaker_group", "russian_official | chinese_official | western_official | analyst"
             " | other; empty for the narrator"),
            ("negated", "True when a negator precedes the cue; negated hits are not support"),
        ),
        _table(
            "frame_scores",
            "One row per article x frame, zeros included (frame_scores.csv).",
            ("article_id", "article"),
            ("outlet", "site"),
            ("origin", "who wrote the text (falls back to outlet)"),
            ("story_id", "story cluster"),
            _FRAME,
            ("hits", "supporting (not negated) hits"),
            ("negated_hits", "hits preceded by a negator"),
            ("tokens", "tokens in the article"),
            ("hits_per_1k_tokens", "hits / tokens * 1000"),
            ("sentences", "sentences in the article"),
            ("sentences_with_frame", "sentences with at least one supporting hit"),
            ("share_of_sentences", "sentences_with_frame / sentences"),
            ("hits_narrator", "supporting hits in the outlet's own words"),
            ("hits_quote", "supporting hits inside direct quotes"),
            ("hits_scare_quote", "supporting hits inside unattributed short quotes"),
            ("hits_reported", "supporting hits in attributed indirect speech"),
        ),
        _table(
            "outlet_scores",
            "One row per group x frame with bootstrap 95% intervals (outlet_scores.csv).",
            ("group_by", "outlet or origin"),
            _GROUP,
            _FRAME,
            ("articles", "articles in the group"),
            ("stories", "distinct story clusters in the group"),
            ("hits", "supporting hits"),
            ("tokens", "tokens"),
            ("hits_per_1k_tokens", "rate of supporting hits"),
            ("hits_per_1k_low", "lower bound of the 95% bootstrap interval"),
            ("hits_per_1k_high", "upper bound of the 95% bootstrap interval"),
            ("sentences", "sentences"),
            ("sentences_with_frame", "sentences with a supporting hit"),
            ("share_of_sentences", "sentences_with_frame / sentences"),
            ("share_low", "lower bound of the 95% bootstrap interval"),
            ("share_high", "upper bound of the 95% bootstrap interval"),
            ("bootstrap_unit", "article or sentence: what was resampled"),
            ("hits_narrator", "supporting hits in the outlet's own words"),
            ("hits_quote", "supporting hits in direct quotes"),
            ("hits_scare_quote", "supporting hits in scare quotes"),
            ("hits_reported", "supporting hits in indirect speech"),
        ),
        _table(
            "evidence",
            "Keyword in context for every hit (evidence.csv).",
            ("article_id", "article"),
            ("outlet", "site"),
            ("origin", "who wrote the text"),
            ("sentence_id", "sentence"),
            _FRAME,
            ("cue", "lexicon cue"),
            ("left", "text before the match within the sentence"),
            ("match", "the matched text"),
            ("right", "text after the match within the sentence"),
            ("sentence", "the whole sentence"),
            ("voice", "whose words"),
            ("speaker", "speaker, when attributed"),
            ("negated", "True when negated"),
        ),
    ]
}


def empty_frame(name: str) -> pd.DataFrame:
    """An empty DataFrame with the columns of table ``name``."""
    return pd.DataFrame(columns=list(TABLES[name].columns))


def conform(df: pd.DataFrame, name: str) -> pd.DataFrame:
    """Return ``df`` with exactly the documented columns of ``name``, in order.

    Raises ``KeyError`` naming the missing columns, so a change in one module
    that forgets the schema fails loudly in the tests.
    """
    cols = list(TABLES[name].columns)
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise KeyError(f"table {name!r} is missing columns {missing}")
    return df.loc[:, cols]


def describe(name: str) -> str:
    """Markdown list of the columns of table ``name`` (used in docs and notebooks)."""
    table = TABLES[name]
    lines = [f"**{table.name}** — {table.doc}", ""]
    lines += [f"- `{col}`: {doc}" for col, doc in table.fields]
    return "\n".join(lines)
