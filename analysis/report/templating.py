"""The report's Jinja templates (``analysis/report/templates/``), autoescaped.

Every HTML fragment the explorers and linked charts show is rendered here, so every
value from the corpus is escaped: a sentence holding ``<script>`` shows the
characters instead of running them. Never mark a corpus value ``|safe``; only
HTML that is already escaped (itables' table, matplotlib's SVG) is passed in as
:class:`markupsafe.Markup`.

>>> environment().from_string("<b>{{ x }}</b>").render(x="<script>")
'<b>&lt;script&gt;</b>'
"""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined

__all__ = ["environment"]


@cache
def environment() -> Environment:
    """The templates, autoescaped; a misspelt variable is an error, not an empty string."""
    return Environment(loader=PackageLoader("analysis.report", "templates"), autoescape=True,
                       trim_blocks=True, lstrip_blocks=True, undefined=StrictUndefined)
