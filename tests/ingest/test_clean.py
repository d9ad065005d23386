"""Tests of analysis.ingest.clean: boilerplate goes, reporting stays, every cut is audited."""

from __future__ import annotations

import re
import textwrap

import pytest

from analysis import config
from analysis.ingest.clean import (
    DEFAULT_RULES,
    Removal,
    clean_text,
    join_broken_paragraphs,
    normalize_whitespace,
    remove_boilerplate_lines,
    remove_date_prefix,
    remove_duplicate_paragraphs,
    remove_title_lines,
)
from analysis.ingest.rules import LEAD_PARTS
from analysis.text.tokens import split_sentences

RAW = config.DATA_DIR / "raw"
SEEDS = {
    "000": "000-unionleader-putin-xi-video-call-2022-12-30.txt",
    "001": "001-washingtonpost-putin-xi-video-call-2022-12-30.txt",
    "002": "002-silkroad2021-putin-xi-strategic-cooperation-2023.txt",
    "003": "003-usanews-russia-looks-east.txt",
    "004": "004-newslite-putin-xi-beijing-2024-05-16.txt",
}


def _raw(seed: str) -> str:
    return (RAW / SEEDS[seed]).read_text(encoding="utf-8")


@pytest.fixture(scope="module", params=sorted(SEEDS))
def seed(request: pytest.FixtureRequest) -> tuple[str, str]:
    return request.param, _raw(request.param)


# -- the five seeds ---------------------------------------------------------------------

GONE = {
    "000": ["date 2022-12-30"],
    "001": [
        "The Washington Post", "Democracy Dies in Darkness",
        "shown in the Kremlin", "Klimentyev", "Shutterstock", "6 min", "(Video: Reuters)",
        "he was expecting Chinese President Xi Jinping to make a state visit",
        "Putin, unaccustomed to losing, is increasingly isolated as war falters",
    ],
    "002": [
        "Related Reading",
    ],
    "003": [
        "Thomas Osborne", "30 December 2022", "06:30", "6 Reads",
        "For\n",
    ],
    "004": [
        "Leave a Reply", "Your email address will not be published", "Required fields",
        "” .",
    ],
}

#: Headline and standfirst of each seed: content, kept first in the text as its parts.
LEAD = {
    "000": [],
    "001": [("headline",
             "Putin and Xi highlight Russia-China cooperation against backdrop of war")],
    "002": [("headline", "Putin, Xi, Discuss Strategic Cooperation For 2023"),
            ("standfirst", "Video-call on December 30 discussed global geopolitics, trade and "
             "security")],
    "003": [("headline", "Russia looks east: Putin calls on Xi to increase military cooperation")],
    "004": [],
}

KEPT = {
    "000": [
        "Russian President Vladimir Putin and Chinese leader Xi Jinping met remotely via video "
        "link Friday — an indication of Moscow’s latest efforts to strengthen ties with Beijing "
        "as Russia’s international isolation grows in the wake of its invasion of Ukraine.",
        "Moscow has actively sought to boost economic cooperation with Beijing after sweeping "
        "Western sanctions.",
        "He claimed that Sino-Russian trade is set to increase by 25 percent.",
        "In 2019, Xi described Putin as his “best friend,”",
        "which Chinese foreign minister Wang Yi described last January as “legitimate.”",
    ],
    "001": [
        "Russian President Vladimir Putin and Chinese leader Xi Jinping met remotely via video "
        "link Friday — an indication of Moscow’s latest efforts to strengthen ties with Beijing "
        "as Russia’s isolation grows because of its invasion of Ukraine.",
        "“We aim to strengthen cooperation between the armed forces of Russia and China.”",
        "Xi said that the leaders were regularly “in close, strategic contact” and noted that "
        "bilateral relations between Moscow and Beijing had expanded significantly this year.",
        "Alexander Gabuev, a Carnegie Endowment expert on Sino-Russian relations, said that "
        "Friday’s call was proof that the traditional partnership between Beijing and Moscow is "
        "expanding and that while the countries’ dependencies are mutual, they also are "
        "“asymmetric.”",
        "“Moscow is a much needier partner than China is,” he said. “China has a lot of "
        "alternatives. China is not under sanctions. … It is China that’s dictating the terms of "
        "the engagement, not Russia.”",
        "With ties between China and the United States deteriorating, Beijing is trying to turn "
        "every bilateral relationship to its benefit and is exploiting Russia’s vulnerability, "
        "Gabuev added.",
        "intercepted 54 of 69 cruise missiles fired from air and sea.",
    ],
    "002": [
        "One of the more fascinating relations to have developed over 2022 is that between "
        "Moscow and Beijing,",
        "We outlined the background to that meeting here.",
        "“In the context of soaring geopolitical tensions, the importance of the Russian-Chinese "
        "strategic partnership as a stabilizing force is growing,”",
        "Putin called Xi Jinping a dear friend",
        "2023 will be a crucial year in which both will play a huge part in global geopolitics – "
        "with the United States perceived to be at the receiving end of their collaboration.",
    ],
    "003": [
        "Isolated from Western countries after sending the army to Ukraine, Putin has taken his "
        "political alliances and economic interests to other latitudes this year, with "
        "preference to Asia, and especially China. The Russian president spoke this Friday by "
        "videoconference with the Chinese president, Xi Jinping,",
        'In the past, both leaders assured that their relationship "has no limits." For Russia, '
        "that relationship has become especially important since Putin decided on February 24 "
        'to launch against Ukraine and start what he called a "special military operation."',
        '"We are waiting for you, dear Mr. President, dear friend, we are expecting a state '
        'visit to Moscow next spring," Putin said.',
        "On the other hand, China has become an economic lifeline for Russia.",
        "However, Beijing refrains from sending its partner support material that could lead to "
        "Western sanctions.",
    ],
    "004": [
        "The leaders pledged to expand space, military and energy cooperation to combat "
        "“Washington’s destructive and hostile behavior.”",
        "with Putin adding that they are working to create “a more just and democratic "
        "multipolar world order.”",
        "“Russia would struggle to sustain its attack on Ukraine without China’s support,” US "
        "Secretary of State Antony Blinken said last month,",
        "Xi and Putin declared a “boundless” partnership.",
        "On Friday, Putin will visit the Chinese city of Harbin, once home to tens of thousands "
        "of ethnic Russians.",
    ],
}


def _paragraphs(text: str) -> list[str]:
    return text.split("\n\n")


@pytest.mark.parametrize(("seed_id", "boilerplate"), [(s, b) for s in GONE for b in GONE[s]])
def test_seed_boilerplate_is_gone(seed_id: str, boilerplate: str) -> None:
    raw = _raw(seed_id)
    assert boilerplate in raw  # the test names something the seed really contains
    assert boilerplate not in clean_text(raw).text


@pytest.mark.parametrize(("seed_id", "sentence"), [(s, k) for s in KEPT for k in KEPT[s]])
def test_seed_reporting_is_kept_word_for_word(seed_id: str, sentence: str) -> None:
    text = clean_text(_raw(seed_id)).text
    assert text.count(sentence) == 1
    assert any(sentence in para for para in _paragraphs(text))  # within one paragraph


def test_standfirst_repeated_in_body_stays_once() -> None:
    text = clean_text(_raw("003")).text
    first = text.split("\n\n")[1]  # after the headline
    assert text.count("Isolated from Western countries") == 1
    assert first.startswith("Isolated from Western countries")
    assert first.endswith("military cooperation between the two countries.")


def test_seed_removals_are_labelled() -> None:
    rules = {s: {r.rule for r in clean_text(_raw(s)).removals} for s in SEEDS}
    assert rules["000"] == {"date_prefix"}
    assert {"masthead", "caption", "reading_time", "teaser"} <= rules["001"]
    assert {"related_heading"} <= rules["002"]
    assert {"byline", "timestamp", "read_count", "repeated_headline",
            "duplicate_paragraph", "paragraph_join"} <= rules["003"]
    assert {"comment_footer"} <= rules["004"]
    assert not {"headline", "standfirst"} & set().union(*rules.values())  # content, not cuts


@pytest.mark.parametrize("seed_id", sorted(SEEDS))
def test_headline_and_standfirst_are_kept_first_and_marked(seed_id: str) -> None:
    cleaned = clean_text(_raw(seed_id))
    found = [(part, cleaned.text[a:b]) for part, a, b in cleaned.parts]
    assert found == LEAD[seed_id]
    if found:
        assert cleaned.text.startswith(found[0][1] + "\n\n")


@pytest.mark.parametrize(("seed_id", "published"), [
    ("000", "2022-12-30"), ("001", None), ("002", None), ("003", "2022-12-30"), ("004", None),
])
def test_published_date_found_in_text(seed_id: str, published: str | None) -> None:
    assert clean_text(_raw(seed_id)).published == published


def test_every_removal_occurred_in_the_raw_text(seed: tuple[str, str]) -> None:
    _, raw = seed
    removals = clean_text(raw).removals
    assert removals
    for removal in removals:
        assert isinstance(removal, Removal)
        assert removal.removed_text in raw, removal


def test_cleaning_is_idempotent(seed: tuple[str, str]) -> None:
    cleaned = clean_text(seed[1])
    again = clean_text(cleaned.text)
    assert again.removals == []
    assert again.text == cleaned.text


def test_nothing_but_removals_is_lost(seed: tuple[str, str]) -> None:
    """Every word of the raw text is either in the cleaned text or in a removal record."""
    _, raw = seed
    cleaned = clean_text(raw)
    removed = " ".join(r.removed_text for r in cleaned.removals)
    kept_words = re.findall(r"\S+", cleaned.text + " " + removed)
    assert sorted(kept_words) == sorted(re.findall(r"\S+", raw))


def test_cleaned_text_layout(seed: tuple[str, str]) -> None:
    text = clean_text(seed[1]).text
    assert text == text.strip()
    assert "\n\n\n" not in text and "  " not in text
    assert all(para and para == para.strip() and "\n" not in para for para in _paragraphs(text))


BOILERPLATE_WORDS = re.compile(
    r"Democracy Dies|\bReads?\b|\bmin\b|Reuters\)|Shutterstock|Related Reading|Leave a Reply"
    r"|email address|Thomas Osborne|^\W*$"
)


def test_sentences_of_cleaned_seeds_are_reporting(seed: tuple[str, str]) -> None:
    cleaned = clean_text(seed[1])
    text = cleaned.text
    body = cleaned.parts[-1][2] if cleaned.parts else 0
    sentences = [text[s:e] for s, e in split_sentences(text) if s >= body]
    assert len(sentences) >= 15
    for sentence in sentences:
        assert not BOILERPLATE_WORDS.search(sentence), sentence
        # a sentence ends in final punctuation (possibly inside closing quotes)
        assert re.search(r"[.!?][\"”’]?$", sentence), sentence
        assert len(sentence.split()) >= 3 or sentence.startswith("“China"), sentence


# -- each step on tiny strings ----------------------------------------------------------


@pytest.mark.parametrize(("raw", "expected"), [
    (" date 2022-12-30 Putin met Xi.", "Putin met Xi."),
    ("date 2024-05-16\nPutin met Xi.", "Putin met Xi."),
    ("Putin met Xi on date 2022-12-30.", "Putin met Xi on date 2022-12-30."),
    ("Update 2022-12-30 Putin met Xi.", "Update 2022-12-30 Putin met Xi."),
])
def test_remove_date_prefix(raw: str, expected: str) -> None:
    assert remove_date_prefix(raw) == expected


LINE_CASES = [  # (line, rule that removes it, or None when the line is reporting)
    ("The Washington PostDemocracy Dies in Darkness", "masthead"),
    ("6 min", "reading_time"),
    ("4 min read", "reading_time"),
    ("Reading time: 5 minutes", "reading_time"),
    ("6 Reads", "read_count"),
    ("1.2K views", "read_count"),
    ("30 December 2022 Friday 06:30", "timestamp"),
    ("Updated December 30, 2022 at 6:30 p.m. EST", "timestamp"),
    ("Published: 2024-05-16", "timestamp"),
    ("Putin and Xi at the Kremlin. (Mikhael Klimentyev/Sputnik/Kremlin Pool/EPA-EFE/Shutterstock)",
     "caption"),
    ("Xi said on Dec. 30 he was ready. (Video: Reuters)", "caption"),
    ("Xi Jinping in Beijing (Photo: AP)", "caption"),
    ("Xi Jinping in Beijing. (Greg Baker/AFP via Getty Images)", "caption"),
    ("AP Photo/Alexander Zemlianichenko", "photo_credit"),
    ("(Photo: Reuters)", "photo_credit"),
    ("Getty Images", "photo_credit"),
    ("Share this article", "share_prompt"),
    ("Share on Twitter", "share_prompt"),
    ("Sign up for our newsletter to get the news every morning.", "newsletter_prompt"),
    ("© 2024 Newslite. All rights reserved.", "copyright"),
    ("Copyright 2022 The Washington Post", "copyright"),
    ("Related Reading", "related_heading"),
    ("Read more:", "related_heading"),
    ("Leave a Reply", "comment_footer"),
    ("Your email address will not be published. Required fields are marked *", "comment_footer"),
    ("Thomas Osborne", "byline"),
    ("By Thomas Osborne and Jane Doe", "byline"),
    # reporting that mentions the same things stays
    ("Putin said the talks would last 6 minutes.", None),
    ("Six readers wrote in, and 6 reads is low.", None),
    ("The call took place on 30 December 2022, a Friday.", None),
    ("Xi met Putin (who spoke first) in Beijing.", None),
    ("The talks covered TCP/IP standards (see Annex A/B) in depth.", None),
    ("Share prices in Moscow fell after the sanctions.", None),
    ("Analysts told subscribers to the newsletter that ties had no limits.", None),
    ("Copyright disputes between the firms have grown.", None),
    ("Related talks will be held in spring.", None),
    ("Putin said he would leave a reply to Biden for later.", None),
    ("Xi described Putin as his “best friend.”", None),
]


@pytest.mark.parametrize(("line", "rule"), LINE_CASES)
def test_boilerplate_line_rules(line: str, rule: str | None) -> None:
    text = f"Putin met Xi.\n\n{line}\n\nThey spoke."
    assert remove_boilerplate_lines(text) == (
        "Putin met Xi.\n\nThey spoke." if rule else text
    )
    rules = [r.rule for r in clean_text(text).removals]
    assert rules == ([rule] if rule else [])


@pytest.mark.parametrize(("raw", "expected", "rules"), [
    # headline (first line) and a deck under it go; the body stays
    ("Xi and Putin meet\nVideo call on trade and security\nPutin met Xi.",
     "Putin met Xi.", ["headline", "standfirst"]),
    # a repeated headline and a teaser between paragraphs go
    ("Putin looks east\nXi spoke.\nPutin looks east\nHe left.\nPutin is isolated as war falters"
     "\nThey met.", "Xi spoke.\n\nHe left.\n\nThey met.",
     ["headline", "repeated_headline", "teaser"]),
    # a first line that is a full sentence is a standfirst that stays
    ("The leaders pledged to cooperate.\nPutin met Xi.",
     "The leaders pledged to cooperate.\n\nPutin met Xi.", []),
    # pieces of sentences broken across lines are not titles
    ("Xi spoke.\nIn the past, both leaders assured that ties have no limits. For\nRussia, ties "
     "matter.", "Xi spoke.\n\nIn the past, both leaders assured that ties have no limits. For"
     "\n\nRussia, ties matter.", []),
    ("Xi spoke.\nPutin and Xi met\non Friday in Moscow.",
     "Xi spoke.\n\nPutin and Xi met\n\non Friday in Moscow.", []),
    ("Xi spoke.\nPutin said,\nHe left.", "Xi spoke.\n\nPutin said,\n\nHe left.", []),
    ("Xi spoke. Putin and\nXi Jinping\nmet.", "Xi spoke. Putin and\n\nXi Jinping\n\nmet.", []),
    # a short unpunctuated text on its own is the body, not a headline
    ("Putin and Xi meet today", "Putin and Xi meet today", []),
    # list items are not titles
    ("Xi spoke.\nThe deal covers:\nenergy and gas\nArms sales\n• Space research\nHe left.",
     "Xi spoke.\n\nThe deal covers:\n\nenergy and gas\n\nArms sales\n\n• Space research"
     "\n\nHe left.", []),
    ("Xi spoke.\n- Energy deals\nHe left.", "Xi spoke.\n\n- Energy deals\n\nHe left.", []),
    # a line with a sentence inside is not a title
    ("Xi spoke. He left\nThey met.", "Xi spoke. He left\n\nThey met.", []),
])
def test_remove_title_lines(raw: str, expected: str, rules: list[str]) -> None:
    assert remove_title_lines(raw) == expected
    only_titles = tuple(r for r in DEFAULT_RULES if r.kind == "title")
    cleaned = clean_text(raw, rules=only_titles)
    assert [r.rule for r in cleaned.removals] == [r for r in rules if r not in LEAD_PARTS]
    assert [p for p, _, _ in cleaned.parts] == [r for r in rules if r in LEAD_PARTS]


@pytest.mark.parametrize(("raw", "expected"), [
    ("Putin has taken his alliances east this year.\nPutin has taken his alliances east this "
     "year. He spoke with Xi.", "Putin has taken his alliances east this year. He spoke with Xi."),
    ("Putin has taken his alliances east this year.\nXi spoke.\nPutin has taken his alliances "
     "east this year.", "Putin has taken his alliances east this year.\n\nXi spoke."),
    # short repeated paragraphs (a quoted "Yes.") and mere word prefixes stay
    ("“Yes.”\nXi spoke.\n“Yes.”", "“Yes.”\n\nXi spoke.\n\n“Yes.”"),
    ("Putin has taken his alliances east this year\nPutin has taken his alliances east this "
     "years later.", "Putin has taken his alliances east this year\n\nPutin has taken his "
     "alliances east this years later."),
])
def test_remove_duplicate_paragraphs(raw: str, expected: str) -> None:
    assert remove_duplicate_paragraphs(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("Ties have no limits. For\n\nRussia, ties matter.", "Ties have no limits. For Russia, ties "
     "matter."),
    ("Putin called it\n\n“a model.”", "Putin called it “a model.”"),
    ("Ties have no limits.\n\nRussia agrees.", "Ties have no limits.\n\nRussia agrees."),
    ("He said “no limits.”\n\nXi agreed.", "He said “no limits.”\n\nXi agreed."),
    ("He asked: why?\n\nXi agreed.", "He asked: why?\n\nXi agreed."),
    ("The list:\n\nenergy, arms.", "The list:\n\nenergy, arms."),
    ("Last paragraph without stop", "Last paragraph without stop"),
])
def test_join_broken_paragraphs(raw: str, expected: str) -> None:
    assert join_broken_paragraphs(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("  Putin  met\tXi.  ", "Putin met Xi."),
    ("Putin met Xi.\r\n\r\n\r\nThey spoke.", "Putin met Xi.\n\nThey spoke."),
    ("Putin met Xi.\nThey spoke.", "Putin met Xi.\n\nThey spoke."),
    ("Putin\u00a0met Xi.\u2029They spoke.", "Putin met Xi.\n\nThey spoke."),
    ("\n\n \n", ""),
])
def test_normalize_whitespace(raw: str, expected: str) -> None:
    assert normalize_whitespace(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("He said “a just world order.” . Xi agreed.", "He said “a just world order.” Xi agreed."),
    ("He said “we will.” .", "He said “we will.”"),
    ("Trade rose 25%. .5 of it was gas.", "Trade rose 25%. .5 of it was gas."),
])
def test_stray_period(raw: str, expected: str) -> None:
    assert clean_text(raw).text == expected


def test_rules_can_be_switched_off() -> None:
    raw = _raw("001")
    no_captions = tuple(r for r in DEFAULT_RULES if r.name != "caption")
    text = clean_text(raw, rules=no_captions).text
    assert "(Video: Reuters)" in text
    assert "Democracy Dies in Darkness" not in text


def test_empty_and_boilerplate_only_texts() -> None:
    assert clean_text("") == ("", [], None, ())
    only = clean_text("Leave a Reply\n6 min")
    assert only.text == "" and [r.rule for r in only.removals] == ["comment_footer", "reading_time"]


def test_hard_wrapped_text_cleans_like_the_original(seed: tuple[str, str]) -> None:
    """Text wrapped at 70 columns loses no reporting lines to the headline/teaser rules."""
    _, raw = seed
    paragraphs = [p for p in raw.splitlines() if p.strip()]
    wrapped = "\n\n".join(textwrap.fill(p, 70, break_on_hyphens=False) for p in paragraphs)
    assert wrapped.count("\n") > 2 * raw.count("\n")  # really wrapped
    expected = clean_text(raw)
    cleaned = clean_text(wrapped)
    assert cleaned.text == expected.text
    assert [r.rule for r in cleaned.removals] == [r.rule for r in expected.removals]


@pytest.mark.parametrize("raw, text, removed", [
    ("Put\x00in met Xi.", "Putin met Xi.", "U+0000 (1)"),
    ("Xi\x07 spoke\x1b[0m. \x7f\x00\x00", "Xi spoke[0m.", "U+0000 (2), U+0007 (1), U+001B (1), "
     "U+007F (1)"),
    ("Xi spoke.\x9b\tThen he left.\x85The end.", "Xi spoke. Then he left.\n\nThe end.",
     "U+009B (1)"),
    ("Xi spoke.\r\nHe left.\fThe end.", "Xi spoke.\n\nHe left.\n\nThe end.", None),
], ids=["nul", "several", "c1-and-next-line", "line-breaks-kept"])
def test_control_characters_are_removed_and_audited(raw: str, text: str, removed) -> None:
    cleaned = clean_text(raw)
    assert cleaned.text == text
    audit = [r.removed_text for r in cleaned.removals if r.rule == "control_characters"]
    assert audit == ([removed] if removed else [])
