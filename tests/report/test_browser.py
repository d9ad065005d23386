"""The report in a real browser: headless Chromium opens every page from disk.

One ``framing run`` (every chapter once, one ``04-compare`` pair) on the bundled
articles plus a hostile one, whose text, title, outlet and url carry markup that
would set ``window.__pwned`` if it ever ran. Each page is then opened as a reader
opens it (``file://``, no network: every host name fails to resolve) and must show
no console error, link only to files that exist, and never run that markup. The
evidence explorer of 02-frames must filter: typing in its search box narrows the
rows, ticking a frame in its frame column shows only that frame.

Chromium and chromedriver are Debian's (``apt-get install chromium chromium-driver``);
selenium is in the ``dev`` extras. Without them the tests are skipped, saying what
is missing. Selenium Manager is never asked to download a browser or driver: both
paths are given.

The 03-language term explorer must open a term's panel on a click (its sentences in each
group, the term marked; the other panels hidden) and its term table must filter.

Adding a check for another interactive part: open the page with
:func:`open_page`, drive its table with :class:`Explorer` (any itables table, found
by its column titles), and assert on what a reader sees.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pandas as pd
import pytest
import yaml

from analysis.cli import main

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = ["01-corpus", "02-frames", "03-language", "04-compare", "05-over-time",
            "06-validation"]
SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=1">'
HOSTILE_OUTLET = f"{IMG}evil.example"
HOSTILE_TEXT = (
    f"Putin and Xi praise a partnership with no limits {SCRIPT}\n\n"
    f"Moscow and Beijing say their partnership has no limits, {IMG} the Kremlin said on "
    f"Friday. Analysts call the relationship a stabilizing force {SCRIPT} in a turbulent "
    "world. Russia's dependence on China keeps growing as trade shifts east.\n")
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
#: Seconds a page may take to load and draw its tables.
WAIT = 20


def _missing_browser_tools() -> list[str]:
    """What the browser tests need and this machine lacks, with how to install it."""
    missing = []
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("the selenium package (make setup, or pip install -e '.[dev]')")
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not path.is_file():
            missing.append(f"{path} (apt-get install {package})")
    return missing


_MISSING = _missing_browser_tools()
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(bool(_MISSING), reason="browser test needs " + "; ".join(_MISSING)),
]


# --- the report -------------------------------------------------------------------------

def _hostile_corpus(folder: Path) -> Path:
    """The bundled articles plus one whose text, title, outlet and url hold markup."""
    shutil.copytree(ROOT / "data" / "raw", folder / "raw")
    (folder / "raw" / "hostile.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    manifest = pd.read_csv(ROOT / "data" / "corpus.csv", dtype=str, keep_default_na=False)
    row = dict.fromkeys(manifest.columns, "") | {
        "article_id": "hostile-2022-12-30", "path": "raw/hostile.txt",
        "outlet": HOSTILE_OUTLET, "origin": HOSTILE_OUTLET, "published": "2022-12-30",
        "url": f'https://example.org/a?q=">{SCRIPT}', "title": f"No limits {SCRIPT}",
        "language": "en", "media_system": "western", "country": "US"}
    pd.concat([manifest, pd.DataFrame([row])]).to_csv(folder / "corpus.csv", index=False)
    return folder


def _one_run_per_chapter(path: Path) -> Path:
    """notebooks/batch.yaml with one 04-compare pair (the hostile outlet's) instead of ten."""
    config = yaml.safe_load((ROOT / "notebooks" / "batch.yaml").read_text())
    for entry in config["notebooks"]:
        entry["notebook"] = str(ROOT / "notebooks" / entry["notebook"])
        if "pairs" in entry:
            entry["compare"] = [[HOSTILE_OUTLET, "washingtonpost.com"]]
    path.write_text(yaml.safe_dump(config))
    return path


@pytest.fixture(scope="session")
def browser_report(tmp_path_factory) -> dict:
    """One ``framing run`` on the hostile corpus, as tests/test_notebooks.py runs the batch."""
    tmp = tmp_path_factory.mktemp("browser")
    corpus = _hostile_corpus(tmp / "corpus")
    config = _one_run_per_chapter(tmp / "batch.yaml")
    code = main(["run", "--config", str(config), "--corpus", str(corpus),
                 "--out", str(tmp / "reports"), "--jobs", "2"])
    run_dir = (tmp / "reports" / "latest").resolve()
    pages = [run_dir / "index.html", *sorted(run_dir.glob("*/*.html"))]
    return {"code": code, "run_dir": run_dir, "pages": pages}


# --- the browser ------------------------------------------------------------------------

@pytest.fixture(scope="session")
def driver():
    """Headless Chromium that can open files and resolve no host name (a reader offline)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1400,1000", "--host-resolver-rules=MAP * ~NOTFOUND"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    browser.set_script_timeout(WAIT)
    yield browser
    browser.quit()


def open_page(driver, path: Path) -> list[dict]:
    """Open ``path`` from disk, wait for its tables to draw; the console entries it logged."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get_log("browser")  # drop what earlier pages left
    driver.get(path.as_uri())
    WebDriverWait(driver, WAIT).until(lambda d: d.execute_script(
        "return document.readyState === 'complete' && !document.querySelector("
        "'table[id^=\"itables_\"]:not(.dataTable)')"))
    return driver.get_log("browser")


_LINKS_JS = """
return [...document.querySelectorAll('[href], [src]')].map(e => {
  const raw = e.getAttribute('href') ?? e.getAttribute('src');
  return [e.tagName.toLowerCase(), raw, new URL(raw, document.baseURI).href];
});
"""


def _broken_links(driver, page: Path) -> list[str]:
    """Links and sources of the open page that name a missing file or run script."""
    broken = []
    for tag, raw, url in driver.execute_script(_LINKS_JS):
        parts = urlsplit(url)
        if parts.scheme in ("http", "https", "data", "mailto"):
            continue  # not fetched: the report must work without them
        if parts.scheme != "file":
            broken.append(f"<{tag}> {raw!r}: scheme {parts.scheme!r}")
        elif not Path(unquote(parts.path)).is_file():
            broken.append(f"<{tag}> {raw!r}: no file {unquote(parts.path)}")
    return broken


@dataclass
class PageVisit:
    """What one page showed when opened: console entries, broken links, injected state."""

    severe: list[str]
    broken_links: list[str]
    pwned: object
    text: str


@pytest.fixture(scope="session")
def visits(browser_report, driver) -> dict[str, PageVisit]:
    """Every page of the report opened once, by its path inside the run folder."""
    found = {}
    for page in browser_report["pages"]:
        logs = open_page(driver, page)
        found[str(page.relative_to(browser_report["run_dir"]))] = PageVisit(
            severe=[e["message"] for e in logs if e["level"] == "SEVERE"],
            broken_links=_broken_links(driver, page),
            pwned=driver.execute_script("return window.__pwned"),
            text=driver.execute_script("return document.body.innerText"))
    return found


class Explorer:
    """An itables (DataTables) table on the open page, found by its column titles.

    Typing and ticking go through the page's own controls, as a reader's would;
    what the table then holds is read back through the DataTables API.
    """

    _API = ("const t = document.querySelectorAll('table.dataTable')[arguments[0]];"
            "const api = window.__itablesJQuery(t).DataTable();")

    def __init__(self, driver, columns: set[str]):
        self.driver = driver
        driver.execute_async_script(  # itables keeps DataTables in a module: borrow its jQuery
            "const done = arguments[arguments.length - 1];"
            "const key = Object.keys(window).find(k => k.startsWith('_itables_'));"
            "Promise.resolve(window[key]).then(m => { window.__itablesJQuery = m.jQuery;"
            " done(); });")
        titles = driver.execute_script(
            "return [...document.querySelectorAll('table.dataTable')].map(t =>"
            " [...t.querySelectorAll('thead th .dt-column-title')].map(s => s.textContent));")
        matching = [i for i, t in enumerate(titles) if columns <= set(t)]
        assert matching, f"no table with columns {sorted(columns)} among {titles}"
        self.index, self.titles = matching[0], titles[matching[0]]
        self.table = driver.find_elements("css selector", "table.dataTable")[self.index]
        self.container = self.table.find_element(
            "xpath", "ancestor::div[contains(@class, 'dt-container')]")

    def _api(self, expression: str):
        return self.driver.execute_script(f"{self._API} return {expression};", self.index)

    def count(self) -> int:
        """Rows that pass the current search and filters (on any page of the table)."""
        return self._api("api.rows({search: 'applied'}).count()")

    def total(self) -> int:
        return self._api("api.rows().count()")

    def values(self, column: str) -> list[str]:
        """The text of ``column`` in every row that passes, in table order."""
        return self._api(  # DOMParser: the cells' HTML is read, never run
            f"api.column({self.titles.index(column)}, {{search: 'applied'}}).data().toArray()"
            ".map(h => new DOMParser().parseFromString(String(h), 'text/html').body.textContent)")

    def shown_rows(self) -> list[str]:
        """The rows drawn on the current page, as a reader sees them."""
        return [r.text for r in self.table.find_elements("css selector", "tbody tr")]

    def search(self, text: str) -> None:
        """Type ``text`` into the table's search box and wait for the table to redraw."""
        from selenium.webdriver.support.ui import WebDriverWait

        before = self.count()
        box = self.container.find_element("css selector", ".dt-search input")
        box.clear()
        box.send_keys(text)
        WebDriverWait(self.driver, WAIT).until(lambda _: self.count() != before)

    def choose(self, column: str, value: str) -> None:
        """Tick ``value`` in the list that ``column``'s header drops down."""
        from selenium.webdriver.support.ui import WebDriverWait

        header = self.table.find_elements("css selector", "thead th")[self.titles.index(column)]
        header.find_element("css selector", "button.dtcc-button_dropdown").click()
        dropdown = WebDriverWait(self.driver, WAIT).until(
            lambda d: d.find_element("css selector", ".dtcc-dropdown"))
        before = self.count()
        dropdown.find_element("css selector", f'button[aria-label="{value}"]').click()
        WebDriverWait(self.driver, WAIT).until(lambda _: self.count() != before)
        self.driver.find_element("tag name", "body").click()  # close the dropdown


def _by_page(found: dict[str, list]) -> str:
    """Failures page by page, one line each, for an assertion message."""
    return "\n".join(f"{page}: {item}" for page, items in found.items() for item in items)


# --- the tests --------------------------------------------------------------------------

def test_the_report_has_every_chapter_and_every_run_succeeded(browser_report):
    names = [p.parent.name for p in browser_report["pages"][1:]]
    assert [n for n in names if not n.startswith("04-compare")] == [
        c for c in CHAPTERS if c != "04-compare"]
    assert len([n for n in names if n.startswith("04-compare_")]) == 1
    record = json.loads((browser_report["run_dir"] / "run.json").read_text())
    failed = {r["name"]: r["error"] for r in record["notebooks"] if r["status"] != "ok"}
    assert failed == {}  # the hostile outlet, title and text broke no notebook
    assert browser_report["code"] == 0


def test_no_page_logs_a_console_error(visits):
    """SEVERE entries: script errors, and anything a page tries to load from the network."""
    errors = {page: v.severe for page, v in visits.items() if v.severe}
    assert errors == {}, "console errors:\n" + _by_page(errors)


def test_every_local_link_and_source_is_a_file(visits):
    broken = {page: v.broken_links for page, v in visits.items() if v.broken_links}
    assert broken == {}, "links to nothing:\n" + _by_page(broken)


def test_markup_from_the_articles_never_runs_and_shows_as_text(visits):
    ran = {page: [f"window.__pwned = {v.pwned!r}"] for page, v in visits.items()
           if v.pwned is not None}
    assert ran == {}, "article markup ran:\n" + _by_page(ran)
    text = "\n".join(v.text for v in visits.values())
    assert SCRIPT in text, "the <script> from the article shows nowhere as text"
    assert IMG in text, "the <img> from the article shows nowhere as text"


@pytest.fixture
def evidence(browser_report, driver) -> Explorer:
    """The evidence explorer of 02-frames, freshly opened."""
    page = browser_report["run_dir"] / "02-frames" / "02-frames.html"
    open_page(driver, page)
    return Explorer(driver, {"frame", "outlet", "voice", "sentence", "article"})


def test_typing_in_the_explorer_search_box_narrows_the_rows(evidence):
    total = evidence.total()
    evidence.search("Beijing")
    assert 0 < evidence.count() < total
    assert all("beijing" in row.lower() for row in evidence.shown_rows())
    evidence.search("__pwned")  # the hostile article's rows show its markup as text
    assert evidence.count() > 0
    assert any(IMG in row for row in evidence.shown_rows())
    assert any(SCRIPT in row for row in evidence.shown_rows())


def test_ticking_a_frame_in_the_explorer_shows_only_that_frame(evidence, browser_report):
    csv = pd.read_csv(browser_report["run_dir"] / "02-frames" / "tables" / "evidence.csv")
    assert evidence.total() == len(csv)  # every hit of the small corpus is in the page
    evidence.choose("frame", "no_limits")
    assert set(evidence.values("frame")) == {"no_limits"}
    assert evidence.count() == (csv["frame"] == "no_limits").sum() < len(csv)
    assert {row.split("\t")[0].split()[0] for row in evidence.shown_rows()} == {"no_limits"}


def test_a_frame_chart_bar_opens_the_explorer_on_its_frame_and_group(evidence, driver):
    """The hostile outlet's no_limits bar: its link is followed like a reader's click."""
    pytest.importorskip("analysis.report.chart_links", reason="frame chart has no bar links yet")
    bar = driver.execute_script(
        "return [...document.querySelectorAll('a')].find(a => (a.getAttribute('href') ||"
        " a.getAttribute('xlink:href') || '').startsWith('#evidence?frame=no_limits&group='"
        " + encodeURIComponent(arguments[0])));", HOSTILE_OUTLET)
    assert bar is not None, "no bar links to the hostile outlet's no_limits hits"
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.support.ui import WebDriverWait

    before = evidence.count()
    size = bar.size
    ActionChains(driver).move_to_element_with_offset(
        bar, -size["width"] // 4, -size["height"] // 4).click().perform()
    WebDriverWait(driver, WAIT).until(lambda _: evidence.count() != before)
    assert set(evidence.values("frame")) == {"no_limits"}
    assert set(evidence.values("outlet")) == {HOSTILE_OUTLET}
    assert driver.execute_script("return window.__pwned") is None


@pytest.fixture
def terms(browser_report, driver) -> Explorer:
    """The term explorer of 03-language, freshly opened."""
    page = browser_report["run_dir"] / "03-language" / "03-language.html"
    open_page(driver, page)
    return Explorer(driver, {"group", "term", "found by"})


_PANELS_JS = """
return [...document.querySelectorAll('#terms-explorer section.term-panel')].map(p => ({
  id: p.id, term: p.dataset.term, displayed: getComputedStyle(p).display !== 'none',
  groups: [...p.querySelectorAll('.term-group')].map(g => ({
    group: g.dataset.group, times: Number(g.querySelector('.term-times').textContent),
    shown: g.querySelector('.term-shown').textContent,
    marks: [...g.querySelectorAll('mark')].map(m => m.textContent),
    sentences: g.querySelectorAll('li.term-sentence').length}))}));
"""


def test_clicking_a_term_shows_its_sentences_in_each_group_and_hides_the_others(terms, driver):
    panels = {p["id"]: p for p in driver.execute_script(_PANELS_JS)}
    assert len(panels) > 1
    assert [p["id"] for p in panels.values() if p["displayed"]] == [next(iter(panels))]
    link = terms.table.find_elements("css selector", "a.term-link")[-1]  # not the first panel
    wanted, term = link.get_attribute("data-panel"), link.text
    link.click()
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, WAIT).until(lambda d: d.execute_script(
        "return document.getElementById(arguments[0]).classList.contains('is-shown')", wanted))
    panels = {p["id"]: p for p in driver.execute_script(_PANELS_JS)}
    assert [i for i, p in panels.items() if p["displayed"]] == [wanted]
    shown = panels[wanted]
    assert shown["term"] == term and shown["groups"], "the panel names no group"
    for group in shown["groups"]:  # each group: its count, its sentences, the term marked
        assert group["times"] >= group["sentences"] > 0, group
        assert group["shown"].startswith(f"showing {group['sentences']} of "), group
        assert len(group["marks"]) >= group["sentences"], group
    assert driver.execute_script("return window.__pwned") is None


def test_typing_a_term_in_the_term_table_narrows_it_to_that_term(terms):
    total = terms.total()
    term = terms.values("term")[0]
    terms.search(term)
    assert 0 < terms.count() < total
    assert all(term.lower() in value.lower() for value in terms.values("term"))


_WHISKER_POINTS_JS = """
return [...document.querySelectorAll('[id^="interval-"] path, [id^="interval-"] use')].map(p => {
  const r = p.getBoundingClientRect(), x = r.x + r.width / 2, y = r.y + r.height / 2;
  const bar = [...document.querySelectorAll('a')].some(a => {
    const b = a.getBoundingClientRect();
    return x > b.left + 1 && x < b.right - 1 && y > b.top + 1 && y < b.bottom - 1; });
  const hit = document.elementFromPoint(x, y);
  const a = hit && hit.closest('a');
  return {bar: bar, link: a ? a.getAttribute('href') || a.getAttribute('xlink:href') : null};
});
"""


def test_a_click_on_a_whisker_drawn_over_a_bar_opens_that_bar(driver, tmp_path):
    """The interval's line and caps are drawn over the bar; they must not swallow its click."""
    from analysis.report import chart_links, charts

    scores = pd.DataFrame([
        {"group": g, "frame": f, "articles": 10, "sentences": 100, "sentences_with_frame": 20,
         "share_of_sentences": 0.2 * k, "share_low": 0.1 * k, "share_high": 0.3 * k}
        for g in ("a.example", "b.example") for k, f in enumerate(
            ("no_limits", "asymmetric", "stabilizing_force"), start=1)])
    page = tmp_path / "chart.html"
    page.write_text("<!doctype html><html><body>" + chart_links.linked_chart_html(
        charts.frame_prevalence(scores, evidence_links=True)) + "</body></html>")
    open_page(driver, page)
    points = driver.execute_script(_WHISKER_POINTS_JS)
    inside = [p for p in points if p["bar"]]
    assert len(inside) >= 6, points  # each bar's lower cap at least
    assert all(p["link"] and p["link"].startswith("#evidence?frame=") for p in inside), inside
