"""Tests of analysis.voice.voices: who speaks the words a lexicon hit lies in."""

from __future__ import annotations

import random
import re
import time

import pandas as pd
import pytest

from analysis.config import DATA_DIR
from analysis.text.tokens import split_sentences
from analysis.voice.voices import (
    Voice,
    attribute_voices,
)


@pytest.fixture(scope="module")
def articles() -> pd.DataFrame:
    """The bundled corpus, cleaned when analysis.ingest.corpus is available, else raw."""
    try:
        from analysis.ingest.corpus import load_corpus
    except ImportError:
        manifest = pd.read_csv(DATA_DIR / "corpus.csv", keep_default_na=False)
        texts = [(DATA_DIR / p).read_text(encoding="utf-8") for p in manifest["path"]]
        return pd.DataFrame({"article_id": manifest["article_id"], "text": texts})
    return load_corpus(DATA_DIR).articles


def corpus_voice(voice_of, articles, article_id: str, phrase: str, speakers) -> Voice:
    text = articles.set_index("article_id").loc[article_id, "text"]
    return voice_of(text, phrase, speakers)


# --- the bundled corpus: the cases the researchers check by hand ------------------------

CORPUS_CASES = [
    # Putin's quote opens mid-sentence after "Putin stated that …,"
    ("silkroad2021-2022-12-31", "stabilizing force", "quote", "Vladimir Putin", "russian_official"),
    (
        "silkroad2021-2022-12-31",
        "the best in history",
        "quote",
        "Vladimir Putin",
        "russian_official",
    ),
    # a one-word quote with a speaker is a quote, not a scare quote
    ("washingtonpost-2022-12-30", "asymmetric", "quote", "Alexander Gabuev", "analyst"),
    # a quote over several sentences, attributed by "he said" after its first sentence
    (
        "washingtonpost-2022-12-30",
        "China has a lot of alternatives",
        "quote",
        "Alexander Gabuev",
        "analyst",
    ),
    ("washingtonpost-2022-12-30", "dictating the terms", "quote", "Alexander Gabuev", "analyst"),
    (
        "washingtonpost-2022-12-30",
        "exploiting Russia’s vulnerability",
        "reported",
        "Alexander Gabuev",
        "analyst",
    ),
    ("washingtonpost-2022-12-30", "no-limits", "scare_quote", "", ""),
    ("unionleader-2022-12-30", "no-limits", "scare_quote", "", ""),
    ("unionleader-2022-12-30", "best friend", "quote", "Xi Jinping", "chinese_official"),
    # straight quotes; a partial quote of both leaders together
    ("usanews-2022-12-30", "has no limits", "quote", "Putin and Xi", "joint_official"),
    ("usanews-2022-12-30", "economic lifeline", "narrator", "", ""),
    (
        "usanews-2022-12-30",
        "truly democratic world order",
        "quote",
        "Vladimir Putin",
        "russian_official",
    ),
    ("newslite-2024-05-16", "boundless", "quote", "Putin and Xi", "joint_official"),
    (
        "newslite-2024-05-16",
        "without China’s support",
        "quote",
        "Antony Blinken",
        "western_official",
    ),
    ("newslite-2024-05-16", "Gazprom’s losses", "quote", "Agathe Demarais", "analyst"),
    # a quote that opens after a colon: "… stressed … with the Russian President: “Under …"
    ("silkroad2021-2022-12-31", "resistance to stress", "quote", "Xi Jinping", "chinese_official"),
    # "what he called": he is the subject of the sentence (Putin), not the last speaker (Xi)
    (
        "usanews-2022-12-30",
        "special military operation",
        "quote",
        "Vladimir Putin",
        "russian_official",
    ),
    (
        "usanews-2022-12-30",
        "demonstrate to the world",
        "quote",
        "Vladimir Putin",
        "russian_official",
    ),  # "According to him, this would “…”"
    (
        "washingtonpost-2022-12-30",
        "benefit Beijing in the longer term",
        "reported",
        "analysts",
        "analyst",
    ),
    # "Xi told Putin, adding that … “resilience”": Xi's words, not Putin's
    ("silkroad2021-2022-12-31", "resilience", "quote", "Xi Jinping", "chinese_official"),
]


@pytest.mark.parametrize(("article_id", "phrase", "voice", "speaker", "group"), CORPUS_CASES)
def test_bundled_corpus_voices(articles, speakers, article_id, phrase, voice, speaker, group,
                               voice_of):
    assert corpus_voice(voice_of, articles, article_id, phrase, speakers) == (voice, speaker, group)


# --- attribution rules on tiny texts ----------------------------------------------------

RULES = [
    ("Ties are a “no-limits” relationship.", "no-limits", ("scare_quote", "")),
    ("“Ties have no limits,” Putin said.", "no limits", ("quote", "Vladimir Putin")),
    ("“Ties have no limits,” said Putin.", "no limits", ("quote", "Vladimir Putin")),
    ("Xi told Putin the ties were “boundless.”", "boundless", ("quote", "Xi Jinping")),
    (
        "Putin said that the ties were the best in history.",
        "best in history",
        ("reported", "Vladimir Putin"),
    ),
    (
        "Beijing is exploiting Russia's weakness, Gabuev added.",
        "exploiting",
        ("reported", "Alexander Gabuev"),
    ),
    (
        "According to Gabuev, China dictates the terms.",
        "dictates",
        ("reported", "Alexander Gabuev"),
    ),
    ("China has become an economic lifeline for Russia.", "lifeline", ("narrator", "")),
    ("Putin said ties are deep. China is a lifeline.", "lifeline", ("narrator", "")),
    ("Wang Yi described the concerns as “legitimate.”", "legitimate", ("quote", "Wang Yi")),
    ("Russia’s ties are China’s lifeline, it’s said.", "lifeline", ("narrator", "")),
    ("Xi told Putin, adding that ties show resilience.", "resilience", ("reported", "Xi Jinping")),
    ("Gabuev spoke. “Russia is needier,” he said.", "needier", ("quote", "Alexander Gabuev")),
    (
        "Putin spoke. “Russia is needier,” argued FP columnist Agathe Demarais.",
        "needier",
        ("quote", "Agathe Demarais"),
    ),
    (
        'Both leaders assured that their relationship "has no limits."',
        "no limits",
        ("quote", "Putin and Xi"),
    ),
    ("Xi described Putin as his “best friend,” and the war went on.", "war went", ("narrator", "")),
    ("It was “a partnership that is unlike any other we have seen.”", "unlike", ("quote", "")),
]


@pytest.mark.parametrize(("text", "phrase", "expected"), RULES)
def test_attribution_rules(speakers, text, phrase, expected, voice_of):
    assert voice_of(text, phrase, speakers)[:2] == expected


def test_quote_runs_over_paragraphs_only_when_next_opens_with_a_mark(speakers, voice_of):
    text = (
        "“Russia is the junior partner,” Gabuev said. “China dictates.\n"
        "“And it will go on.”\n"
        "China has become an economic lifeline."
    )
    assert voice_of(text, "go on", speakers) == ("quote", "Alexander Gabuev", "analyst")
    assert voice_of(text, "lifeline", speakers).voice == "narrator"


@pytest.mark.parametrize("opener", ["“", '"'])
def test_unbalanced_quote_stops_at_paragraph_end(speakers, opener, voice_of):
    text = f"Putin spoke of a {opener}no-limits friendship.\n" + "China is a lifeline.\n" * 50
    vm = attribute_voices(text, split_sentences(text), speakers)
    assert [text[q.start : q.end] for q in vm.quotes] == [f"{opener}no-limits friendship."]
    assert voice_of(text, "lifeline", speakers, nth=49).voice == "narrator"


def test_second_opener_closes_the_unclosed_quote(speakers, voice_of):
    text = "Xi praised “unity. China is a lifeline. Putin said “ties are deep.”"
    assert voice_of(text, "lifeline", speakers).voice == "narrator"
    assert voice_of(text, "ties are deep", speakers)[:2] == ("quote", "Vladimir Putin")


def test_curly_quote_may_close_with_a_straight_mark(speakers, voice_of):
    text = 'Gerasimov described it as “aggressive build up" in Asia. China is a lifeline.'
    assert voice_of(text, "aggressive", speakers)[:2] == ("quote", "Valery Gerasimov")
    assert voice_of(text, "lifeline", speakers).voice == "narrator"


def test_pronoun_follows_the_last_named_speaker(speakers, voice_of):
    text = (
        "Putin said ties were good. Gabuev, an expert, said they were not.\n"
        "“Moscow is needier,” he said."
    )
    assert voice_of(text, "needier", speakers).speaker == "Alexander Gabuev"


def test_lookup_outside_any_passage_is_narrator_with_empty_speaker(speakers):
    vm = attribute_voices("", [], speakers)
    assert vm.lookup(0, 5) == Voice("narrator", "", "")
    assert vm.quotes == [] and vm.reported == []


def test_sentence_spans_are_computed_when_not_given(speakers):
    text = "Ties grew. “They are boundless,” Xi said."
    assert attribute_voices(text, [], speakers).lookup(21, 30).speaker == "Xi Jinping"


# --- speed ------------------------------------------------------------------------------


def _best_time(text: str, spans, speakers, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        attribute_voices(text, spans, speakers)
        times.append(time.perf_counter() - t0)
    return min(times)


def test_attribution_is_linear_in_text_length(articles, speakers):
    text = "\n".join(articles["text"])
    big_text = "\n".join([text] * 20)
    spans, big_spans = split_sentences(text), split_sentences(big_text)
    small = _best_time(text, spans, speakers)
    big = _best_time(big_text, big_spans, speakers, repeat=2)
    n_quotes = len(attribute_voices(text, spans, speakers).quotes)
    assert len(attribute_voices(big_text, big_spans, speakers).quotes) == 20 * n_quotes
    # 20x the text in about 20x the time (generous for a loaded machine), not 400x
    assert big < 60 * small + 1.0


# --- lookups work out only what they need, and agree with the whole text --------------


def _whole_text_voice(vm, start: int, end: int) -> Voice:
    """The voice of ``start:end`` from every passage of the text (``quotes``, ``reported``,
    ``turns``)."""
    end = max(end, start + 1)
    for passages in (vm.quotes, vm.reported, vm.turns):
        before = [p for p in passages if p.start < end]
        if before and before[-1].end > start:
            return Voice(*before[-1][2:])
    return Voice("narrator")


def _assert_lookups_agree(text: str, speakers) -> None:
    spans = split_sentences(text)
    lazy, whole = attribute_voices(text, spans, speakers), attribute_voices(text, spans, speakers)
    for m in re.finditer(r"\S+", text):
        assert lazy.lookup(*m.span()) == _whole_text_voice(whole, *m.span()), m.group()


def test_lookups_agree_with_the_whole_text_on_the_bundled_corpus(articles, speakers):
    for text in articles["text"]:
        _assert_lookups_agree(text, speakers)


_PIECES = [
    "Putin said",
    "he said",
    "they said",
    "Xi told Putin,",
    "adding that",
    "“",
    "”",
    '"',
    "Gabuev, an expert, said",
    "According to him,",
    "ties are deep.",
    "Both leaders",
    "‘no change’",
    "said Xi.",
    "“No limits,”",
    "argued Agathe Demarais",
    "Later, said",
    "Putin, who met Xi. Then,",
    "China is a lifeline.",
    "Gen. Valery Gerasimov",
    "\n\n",
]


@pytest.mark.parametrize("seed", range(200))
def test_lookups_agree_with_the_whole_text_on_tricky_texts(seed, speakers):
    rng = random.Random(seed)
    text = "".join(
        rng.choice(_PIECES) + rng.choice([" ", " ", ", ", ". ", "\n"])
        for _ in range(rng.randint(3, 40))
    )
    _assert_lookups_agree(text, speakers)
