"""Regression tests of issue 11 (voice on batches 4 and 5): one made-up sentence for each
attribution shape the rules were extended to read, run as ``framing score`` runs the
voice stage (both passes)."""

from __future__ import annotations

import pytest

from analysis.voice.voices import Voice

JOINT = ("Putin and Xi", "joint_official")

SHAPES = [
    # --- speech verbs the list lacked (data/lexicons/reporting_verbs.yaml)
    ("It spoke of a partnership with “no ceiling.”", "no ceiling", Voice("quote", *JOINT),
     "The joint statement was signed in Beijing. "),
    ("Xi Jinping and Vladimir Putin swore a friendship without end in Beijing.",
     "a friendship without end", Voice("reported", *JOINT), ""),
    ("Xi Jinping has signaled to Putin that China will not fund the war.",
     "China will not fund the war", Voice("reported", "Xi Jinping", "chinese_official"), ""),
    ("Sergei Lavrov refutes a common view: Russia is no vassal of China.",
     "Russia is no vassal", Voice("reported", "Sergei Lavrov", "russian_official"), ""),
    ("Both leaders sought to frame their partnership as a pillar of world stability.",
     "a pillar of world stability", Voice("reported", *JOINT), ""),
    ("Both state leaders concurred that their ties steady a turbulent world.",
     "steady a turbulent world", Voice("reported", *JOINT), ""),
    # --- acts, not speech
    ("Xi Jinping has called a summit of Central Asian states in a bold power play.",
     "bold power play", Voice("narrator"), ""),
    ("China and Russia agreed on Monday to raise their ties to a new level of stability.",
     "new level of stability", Voice("narrator"), ""),
    ("China and Russia agreed that their ties bring the world stability.",
     "bring the world stability", Voice("reported", *JOINT), ""),
    # --- a nested report: the sentence-final attribution is the outer speaker
    ("Moscow flatly refuted the idea that Russia is Beijing's vassal, stating that ties are "
     "equal, Dmitry Peskov said on Tuesday.", "Russia is Beijing's vassal",
     Voice("reported", "Dmitry Peskov", "russian_official"), ""),
    # --- the attribution that opens onto a quote, not a later clause's
    ("Xi noted that “our ties are at their best in history,” and Putin agreed that trade grew.",
     "best in history", Voice("quote", "Xi Jinping", "chinese_official"), ""),
    ("At the call the President of Russia noted that “relations have no limits.”",
     "no limits", Voice("quote", "Vladimir Putin", "russian_official"), ""),
    # --- a participle after a pair that speaks jointly
    ("Russian President Vladimir Putin and his Chinese counterpart Xi Jinping solemnly announced "
     "a pact, stating that “their friendship knows no bounds.”", "knows no bounds",
     Voice("quote", *JOINT), ""),
    # --- the pair described, and named after "by" with a title
    ("“No ceiling” will bind their ties, the two neighbouring nuclear powers now say.",
     "No ceiling", Voice("quote", *JOINT), ""),
    ("Analysts recall the “no limits” pact announced by leaders Xi Jinping and Vladimir Putin.",
     "no limits", Voice("quote", *JOINT), ""),
    ("China – Russia proclaim “boundless” ties", "boundless", Voice("quote", *JOINT), ""),
    # --- a declaration noun owned by "their": the pair's formula, and nothing else
    ("Despite their proclamation of a “boundless” friendship, trade slowed sharply.",
     "boundless", Voice("quote", *JOINT), "Xi and Putin met in Beijing. "),
    ("Despite their proclamation of a “boundless” friendship, trade slowed sharply.",
     "trade slowed", Voice("narrator"), "Xi and Putin met in Beijing. "),
    # --- descriptions that stand for a source named before
    ("“Moscow has become Beijing's junior partner,” the publication noted.", "junior partner",
     Voice("quote", "Daily Courier", "other"),
     "The story was reported by the British newspaper The Daily Courier. "),
    ("The press service stressed that the drills keep the region stable.",
     "keep the region stable", Voice("reported", "unnamed", "chinese_official"),
     "Warships sailed east, China's northern fleet's press service announced. "),
    ("The aim, it stated, was to “safeguard regional stability.”", "safeguard regional",
     Voice("quote", "Russian Defense Ministry", "russian_official"),
     "Drills began at sea, the Russian Defense Ministry said. "),
    # --- "he" after "according to X": X can be the one meant
    ("He was referring to Russia's dependence on China.", "dependence on China",
     Voice("reported", "Marco Rubio", "western_official"),
     "Vladimir Putin has lost his bet, according to Marco Rubio.\n\n"),
]


@pytest.mark.parametrize(("sentence", "phrase", "expected", "before"), SHAPES)
def test_attribution_shapes(sentence, phrase, expected, before, speakers, voice_of):
    assert voice_of(before + sentence, phrase, speakers) == expected


GROUPS = [
    # an office "of" a country named after it
    ("Li Ming, Vice Minister of the Publicity Department of the Communist Party of China, said "
     "ties were at their best.", "ties were at their best", "chinese_official"),
    # a description read across a bracketed acronym
    ("Deputy Director of Asian Studies at the Baltic Policy Institute (BPI) Tomas Keller said "
     "ties were uneven.", "ties were uneven", "analyst"),
]


@pytest.mark.parametrize(("sentence", "phrase", "group"), GROUPS)
def test_groups_from_descriptions(sentence, phrase, group, speakers, voice_of):
    assert voice_of(sentence, phrase, speakers).speaker_group == group


def test_a_surname_before_a_colon_is_the_person_the_text_names(speakers, voice_of):
    text = ("Ivanov: Russia is not China's junior partner\n\n"
            "Former diplomat Sergei Ivanov told a forum in Minsk that the two are equals.")
    assert voice_of(text, "junior partner", speakers) == Voice(
        "reported", "Sergei Ivanov", "other")
    # a country before a colon is no speaker
    text = "Russia: China's junior partner?\n\nPutin met Xi in Beijing."
    assert voice_of(text, "junior partner", speakers) == Voice("narrator")


def test_transcript_turns_are_their_speakers_quotes(speakers, voice_of):
    text = ("HOST: Welcome to the programme.\n"
            "PRESIDENT XI JINPING (through interpreter): We will build a multipolar world "
            "together.\nOur ties are stable.\n"
            "HOST: Thank you, and goodbye.")
    xi = Voice("quote", "Xi Jinping", "chinese_official")
    assert voice_of(text, "multipolar world", speakers) == xi
    assert voice_of(text, "ties are stable", speakers) == xi  # the turn runs over lines
    assert voice_of(text, "goodbye", speakers) == Voice("narrator")  # the next label ends it


def test_a_label_without_punctuation_is_a_headline(speakers, voice_of):
    text = "Putin: ties are boundless\n\nThe body of the article says ties are boundless."
    assert voice_of(text, "ties are boundless", speakers, 1) == Voice("narrator")
