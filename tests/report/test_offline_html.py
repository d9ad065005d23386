"""A chapter page opens from disk without network: nbconvert's CDN scripts are left out."""

from __future__ import annotations

import re

import nbformat

from analysis.report.batch import _to_html

NETWORK = re.compile(r"""<script[^>]*\bsrc=["']?https?:|import\(["']https?:"""
                     r"""|<link[^>]*\bhref=["']?https?:""")


def test_a_chapter_page_fetches_nothing_from_the_network(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Frames\n\n$x^2$ and `code`"),
                nbformat.v4.new_code_cell("1 + 1", outputs=[nbformat.v4.new_output(
                    "execute_result", {"text/html": "<b>2</b>"}, execution_count=1)])]
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    path = tmp_path / "02-frames.ipynb"
    nbformat.write(nb, path)
    html = _to_html(path).read_text(encoding="utf-8")
    assert "<b>2</b>" in html and "Frames" in html
    assert NETWORK.findall(html) == []
    assert "require.min.js" not in html and "MathJax" not in html
