"""Charts link to their evidence: one link per bar of the frame chart, to its frame and group."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import matplotlib

matplotlib.use("Agg")

import lxml.etree  # noqa: E402
import lxml.html  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from analysis.frames.bootstrap import ALL_STORIES  # noqa: E402
from analysis.report import chart_links, charts, explorer  # noqa: E402

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}href"
FRAMES = ("no_limits", "asymmetric")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _scores(groups) -> pd.DataFrame:
    rows = []
    for i, g in enumerate(groups):
        for k, f in enumerate(FRAMES, start=1):
            v = 0.01 * (i + 1) * k
            rows.append({"group": g, "frame": f, "articles": 100 - i, "sentences": 100,
                         "sentences_with_frame": round(100 * v), "share_of_sentences": v,
                         "share_low": v / 2, "share_high": v * 1.5})
    return pd.DataFrame(rows)


def _links(fig) -> list[tuple[str, tuple[str, ...]]]:
    """(frame, groups) of every link in the chart's SVG, in drawing order."""
    root = lxml.etree.fromstring(chart_links.svg_markup(fig).encode())
    found = []
    for a in root.iter(f"{SVG}a"):
        href = a.get(XLINK)
        assert href.startswith("#evidence?"), href
        query = parse_qs(urlsplit(href).fragment.split("?", 1)[1], keep_blank_values=True)
        assert set(query) <= {"frame", "group"}
        found.append((query["frame"][0], tuple(query.get("group", ()))))
    return found


@pytest.mark.parametrize(("frame", "groups", "href"), [
    ("asymmetric", ["TASS"], "#evidence?frame=asymmetric&group=TASS"),
    ("no_limits", ["A&B news"], "#evidence?frame=no_limits&group=A%26B%20news"),
    ("f", ["x/y?#z=1"], "#evidence?frame=f&group=x%2Fy%3F%23z%3D1"),
    ("f", ["Πούτιν"], "#evidence?frame=f&group=%CE%A0%CE%BF%CF%8D%CF%84%CE%B9%CE%BD"),
    ("f", [], "#evidence?frame=f"),
])
def test_evidence_links_are_url_encoded(frame, groups, href):
    assert chart_links.evidence_href(frame, groups) == href


def test_every_bar_links_to_its_frame_and_group():
    groups = ["a.com", "b.com", "A&B <script>alert(1)</script>", ALL_STORIES]
    fig = charts.frame_prevalence(_scores(groups), evidence_links=True)
    links = _links(fig)
    expected = {(f, (g,)) for f in FRAMES for g in groups[:-1]} | {(f, ()) for f in FRAMES}
    assert len(links) == len(FRAMES) * len(groups)  # one link per bar, no more
    assert set(links) == expected


def test_bars_have_no_links_unless_asked():
    assert _links(charts.frame_prevalence(_scores(["a.com", "b.com"]))) == []


def test_the_pooled_bar_links_to_every_pooled_group():
    groups = [f"g{i:03d}" for i in range(30)]  # 25 shown, 5 pooled as "other (5 groups)"
    links = _links(charts.frame_prevalence(_scores(groups), evidence_links=True))
    assert len(links) == len(FRAMES) * 26
    pooled = {gs for f, gs in links if len(gs) > 1}
    assert pooled == {tuple(groups[25:])}


def test_the_svg_shows_hostile_group_names_as_text():
    evil = "<script>alert(1)</script>"
    svg = chart_links.svg_markup(charts.frame_prevalence(_scores([evil, "b"]),
                                                         evidence_links=True))
    assert evil not in svg and "&lt;script&gt;" in svg
    assert svg.startswith("<svg") and "<!DOCTYPE" not in svg


def test_show_linked_puts_the_linked_svg_in_the_page_and_keeps_a_png(monkeypatch):
    shown: list = []
    monkeypatch.setattr("IPython.display.display", lambda obj, raw=False: shown.append(obj))
    fig = charts.frame_prevalence(_scores(["a.com", "b.com"]), evidence_links=True)
    chart_links.show_linked(fig)
    (bundle,) = shown
    assert bundle["image/png"].startswith("iVBOR")  # base64 of a PNG
    page = lxml.html.fragment_fromstring(bundle["text/html"], create_parent="div")
    assert len(page.xpath("//figure[@class='linked-chart']//*[local-name()='a']")) == 4
    assert "#evidence?" in page.xpath("//script")[0].text
    assert not plt.fignum_exists(fig.number)  # closed: the inline backend does not show it again


def test_the_explorer_container_names_its_frame_and_group_columns():
    table = pd.DataFrame(columns=explorer.explorer_columns("media_system"))
    page = lxml.html.fragment_fromstring(explorer.explorer_html(table, by="media_system"),
                                         create_parent="div")
    (root,) = page.xpath("//div[@id='evidence']")
    assert (root.get("data-frame-column"), root.get("data-group-column")) == ("0", "1")
    assert page.xpath("//p[@class='evidence-link-note']/button[@class='evidence-link-clear']")
