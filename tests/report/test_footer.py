"""The notebook footer: provenance on disk and in one line of Markdown that cannot inject HTML."""

from __future__ import annotations

import json
from html import escape as html_escape

import pytest
from nbconvert.filters.markdown_mistune import markdown2html_mistune

from analysis import config
from analysis.frames.lexicon import load_lexicon
from analysis.report import footer

IMG = "<img src=x onerror=alert(1)>"

HOSTILE_LEXICON = f"""\
version: "{IMG}"
language: en
description: "{IMG}"
frames:
  no_limits:
    label: "{IMG}"
    definition: "{IMG} **bold** [link](javascript:alert(1))"
    cues: [no limits]
"""


def _rendered(markdown: str) -> str:
    """The HTML nbconvert makes of a Markdown output (raw HTML passes through it)."""
    return markdown2html_mistune(markdown)


@pytest.mark.parametrize("text", [
    IMG, "<script>alert(1)</script>", "**bold** _it_ `code`", "[x](javascript:alert(1))",
    "# heading", "1. item", "- item", "> quote", "a\n\n<img src=x>", "a | b", "&lt;b&gt;",
    "back\\slash", "~~gone~~", "![i](x.png)",
])
def test_escaped_markdown_renders_as_exactly_the_text(text):
    escaped = footer.escape_markdown(text)
    assert "<" not in escaped and "\n" not in escaped
    html = _rendered(escaped)
    inner = html.removeprefix("<p>").removesuffix("</p>\n")
    assert "<" not in inner, html  # no tag of any kind: no img, a, em, code, h1, li
    assert inner == html_escape(" ".join(text.split()), quote=False)


@pytest.fixture
def hostile_lexicon(tmp_path):
    path = tmp_path / "hostile.yaml"
    path.write_text(HOSTILE_LEXICON, encoding="utf-8")
    return path


def test_hostile_lexicon_version_is_shown_not_run(tmp_path, hostile_lexicon):
    note = footer.provenance_note(config.DATA_DIR, hostile_lexicon, tmp_path / "out")
    assert "<img" not in note
    html = _rendered(note)
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    record = json.loads((tmp_path / "out" / "provenance.json").read_text())
    assert record["checksums"]["lexicon_version"] == IMG  # the file keeps the value as given


def test_provenance_note_names_the_checksums_and_writes_the_record(tmp_path):
    note = footer.provenance_note(config.DATA_DIR, config.DEFAULT_LEXICON, tmp_path,
                                  group_by="outlet")
    record = json.loads((tmp_path / "provenance.json").read_text())
    assert f"`{record['checksums']['corpus'][:12]}`" in note
    assert f"`{record['checksums']['lexicon'][:12]}`" in note
    assert f"lexicon {load_lexicon(config.DEFAULT_LEXICON).version} " in _rendered(note)
    assert record["parameters"]["group_by"] == "outlet"
    assert not (tmp_path / "run.json").exists()
