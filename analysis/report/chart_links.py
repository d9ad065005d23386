"""Charts whose bars open their evidence: each bar of the frame chart links to its hits.

A bar of :func:`analysis.report.charts.frame_prevalence` (drawn with
``evidence_links=True``) carries a link (matplotlib's ``set_url``, an ``<a>`` in the
SVG) to :func:`evidence_href` of its frame and group (its interval's whisker lets a
click through to the bar), e.g.
``#evidence?frame=asymmetric&group=TASS``: the evidence explorer of the same page
(:mod:`analysis.report.explorer`), filtered to that frame and group by the page's
script (``templates/evidence_links.js``). The ``ALL (stories)`` bar links to its
frame in every group; the pooled ``other (N groups)`` bar to its frame in each
pooled group (``group`` repeated).

:func:`show_linked` shows such a chart in a notebook as inline SVG (the links live
in the page) with the PNG beside it in the same output, for viewers that cannot
show HTML.
"""

from __future__ import annotations

import base64
import io
import re
from collections.abc import Iterable
from urllib.parse import quote, urlencode

import matplotlib.pyplot as plt
from markupsafe import Markup

from analysis.frames.bootstrap import ALL_STORIES
from analysis.report.templating import environment

__all__ = ["EVIDENCE_ANCHOR", "INTERVAL_GID", "bar_links", "evidence_href", "linked_chart_html",
           "show_linked", "svg_markup"]

#: The id of the evidence explorer's container; every link starts ``#evidence?``.
EVIDENCE_ANCHOR = "evidence"

#: The id prefix of a linked chart's interval whiskers (``interval-<frame index>``): the
#: page lets a click on a whisker through to the bar under it.
INTERVAL_GID = "interval"

_PROLOGUE = re.compile(r"\A.*?(?=<svg\b)", re.S)  # XML declaration and DOCTYPE



def evidence_href(frame: str | None = None, groups: Iterable[str] = ()) -> str:
    """The link to the evidence explorer filtered to ``frame`` and ``groups`` (URL-encoded).

    No group: the frame in every group.

    >>> evidence_href("asymmetric", ["TASS"])
    '#evidence?frame=asymmetric&group=TASS'
    >>> evidence_href("no_limits", ["A&B news", "x/y?"])
    '#evidence?frame=no_limits&group=A%26B%20news&group=x%2Fy%3F'
    """
    pairs = ([("frame", str(frame))] if frame else []) + [("group", str(g)) for g in groups]
    return f"#{EVIDENCE_ANCHOR}?{urlencode(pairs, quote_via=quote, safe='')}"


def bar_links(frames: Iterable[str], shown: Iterable[str], every_group: Iterable[str]
              ) -> dict[tuple[str, str], str]:
    """The link of each bar, by (frame, group shown).

    Args:
        frames: the frames drawn.
        shown: the groups drawn: real groups, ``ALL (stories)`` and the pool.
        every_group: the groups of the table before pooling.

    >>> links = bar_links(["f"], ["a", "other (2 groups)", "ALL (stories)"], ["a", "b", "c"])
    >>> list(links.values())
    ['#evidence?frame=f&group=a', '#evidence?frame=f&group=b&group=c', '#evidence?frame=f']
    """
    every = list(dict.fromkeys(str(g) for g in every_group if g != ALL_STORIES))
    shown = [str(g) for g in shown]
    pooled = [g for g in every if g not in set(shown)]
    members = {g: [] if g == ALL_STORIES else [g] if g in set(every) else pooled for g in shown}
    return {(str(f), g): evidence_href(f, members[g]) for f in frames for g in shown}


def svg_markup(fig: plt.Figure) -> str:
    """``fig`` as an ``<svg>`` element to put in a page (no XML declaration or DOCTYPE).

    Text stays text (``svg.fonttype`` ``none``); matplotlib escapes every label and
    link, so an outlet named ``<script>`` is drawn, not run.
    """
    buffer = io.StringIO()
    with plt.rc_context({"svg.fonttype": "none"}):
        fig.savefig(buffer, format="svg", bbox_inches="tight")
    return _PROLOGUE.sub("", buffer.getvalue(), count=1)


def linked_chart_html(fig: plt.Figure, *, caption: str = "") -> str:
    """``fig`` as inline SVG in a ``<figure class="linked-chart">``, with the links' script."""
    return environment().get_template("linked_chart.html").render(
        svg=Markup(svg_markup(fig)), caption=caption, interval_gid=INTERVAL_GID)


def show_linked(fig: plt.Figure, *,
                caption: str = "Click a bar to see its sentences in the evidence table below."
                ) -> None:
    """Show ``fig`` in a notebook with its bar links, and close it (so it shows once).

    One output holds the linked SVG (as HTML, which JupyterLab and the report's
    HTML show) and a PNG (which other viewers show).
    """
    from IPython.display import display

    png = io.BytesIO()
    fig.savefig(png, format="png", dpi=100, bbox_inches="tight")
    display({"text/html": linked_chart_html(fig, caption=caption),
             "image/png": base64.b64encode(png.getvalue()).decode("ascii")}, raw=True)
    plt.close(fig)
