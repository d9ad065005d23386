"""Regression tests of issue 11 (speaker accuracy): pronouns, descriptions and role nouns,
compound and unnamed speakers, media, quotes running over sentences and paragraphs.

Each case is a news-style sentence of the kind the issue lists; the voice stage runs as
``framing score`` runs it (both passes).
"""

from __future__ import annotations

import pytest

from analysis.voice.speakers import parse_speakers
from analysis.voice.voices import Voice

PUTIN = Voice("reported", "Vladimir Putin", "russian_official")
JOINT = ("Putin and Xi", "joint_official")

PRONOUNS = [
    # "he said" after a named speaker
    ("Putin met Xi Jinping's envoy in Moscow on Monday. He said that relations had reached "
     "an unprecedented level.", "an unprecedented level", PUTIN),
    # the speaker named last, not the first one named
    ("Putin spoke first. Lavrov then met reporters. He said ties had no limits.",
     "ties had no limits", Voice("reported", "Sergei Lavrov", "russian_official")),
    # "she" skips a man named after the woman it stands for
    ("Hua Chunying said the talks were frank. Lavrov arrived in Beijing on Monday. She said "
     "the partnership was a stabilizing force.", "a stabilizing force",
     Voice("reported", "Hua Chunying", "chinese_official")),
    ("Hua Chunying said the talks were frank. Lavrov arrived in Beijing on Monday. He said "
     "the partnership was a stabilizing force.", "a stabilizing force",
     Voice("reported", "Sergei Lavrov", "russian_official")),
    # a speaker the speakers file does not list, found by the second pass
    ("Putin arrived on Tuesday. Ivan Petrov, an analyst at the Valdai Club, said Moscow had "
     "few options. He added that Russia had become the junior partner.", "the junior partner",
     Voice("reported", "Ivan Petrov", "analyst")),
    # ... and a quote after it
    ("Putin arrived on Tuesday. Ivan Petrov, an analyst, said Moscow had few options. "
     "“Russia is the junior partner,” he said.", "the junior partner",
     Voice("quote", "Ivan Petrov", "analyst")),
]

DESCRIPTIONS = [
    # a title that names one speaker is an alias
    ("Putin landed in Beijing. The Russian leader said ties were at their best in history.",
     "best in history", PUTIN),
    # a role several speakers hold is the one named last
    ("Xi welcomed Putin at the airport. The president said the partnership was a stabilizing "
     "force.", "stabilizing force", PUTIN),
    ("Putin met Xi in the Great Hall. The president said the partnership was a stabilizing "
     "force.", "stabilizing force", Voice("reported", "Xi Jinping", "chinese_official")),
    ("Lavrov met Wang Yi in Beijing. The minister said ties had no limits.",
     "ties had no limits", Voice("reported", "Wang Yi", "chinese_official")),
    # institutions as speakers: the government and a ministry
    ("Beijing said the visit was a success. The Kremlin said Russia was nobody's junior "
     "partner.", "junior partner", Voice("reported", "the Kremlin", "russian_official")),
    ("The Russian Defense Ministry said the patrol was routine.\n\n“The patrols served the "
     "maintenance of peace and stability in the region,” the ministry added.",
     "peace and stability", Voice("quote", "Russian Defense Ministry", "russian_official")),
    # the joint statement, and "the document" that stands for it
    ("Putin and Xi signed a joint statement on Friday.\n\n“Friendship between the two States "
     "has no limits,” the document says.", "has no limits", Voice("quote", *JOINT)),
    ("The joint statement said the partnership would help build a multipolar world.",
     "a multipolar world", Voice("reported", *JOINT)),
    # a media outlet named before, then "the article"
    ("The Global Times ran an editorial on Monday.\n\n“Sino-Russian friendship is a positive "
     "asset for the whole world,” the article says.", "positive asset",
     Voice("quote", "Global Times", "other")),
    # a role nobody in the text holds resolves to nobody
    ("Ties are warm. “Our friendship has no limits,” the minister said.", "no limits",
     Voice("quote", "", "")),
    # a surname alone, after the full name of a listed speaker
    ("Spokesperson Guo Jiakun took questions on Friday.\n\nNoting China and Russia are "
     "partners, Guo said the relationship was at its best in history.", "best in history",
     Voice("reported", "Guo Jiakun", "chinese_official")),
]

COMPOUND_UNNAMED_MEDIA = [
    # compound subject: joint
    ("Putin and Xi said the partnership was a stabilizing force in the world.",
     "stabilizing force", Voice("reported", *JOINT)),
    ("Leaders and officials from both countries met last year, hailing their “no-limits” "
     "partnership.", "no-limits", Voice("quote", *JOINT)),
    ("The countries have declared a “no limits” partnership.", "no limits",
     Voice("quote", *JOINT)),
    ("The trip was described by both countries as a way to deepen their “no-limits "
     "friendship”.", "no-limits", Voice("quote", *JOINT)),
    ("BEIJING/MOSCOW--China and Russia on Friday declared a \"no limits\" partnership.",
     "no limits", Voice("quote", *JOINT)),
    # unnamed sources
    ("One analyst said Russia had become China's junior partner.", "junior partner",
     Voice("reported", "unnamed", "analyst")),
    ("Chinese officials said the relationship was a force for stability.", "force for stability",
     Voice("reported", "Beijing", "chinese_official")),
    # a definite description of a source the text named before
    ("Russia's use of the yuan could backfire, said the Carnegie Endowment.\n\nThe think tank "
     "added that Russia's reliance on the yuan was growing.", "reliance on the yuan",
     Voice("reported", "Carnegie Endowment", "analyst")),
    # media as speakers
    ("This is good not only for both peoples, but for the world, the Global Times wrote.",
     "good not only", Voice("reported", "Global Times", "other")),
    ("SCMP: Shared mistrust of the West has brought Beijing and Moscow closer than ever.",
     "closer than ever", Voice("reported", "SCMP", "other")),
    # a country as the whole subject speaks for its government
    ("China defended the patrol, saying it showed the joint ability to “maintain peace”.",
     "maintain peace", Voice("quote", "China", "chinese_official")),
]

CONTINUATIONS = [
    # a quote sentence after an attributed one, same paragraph
    ("“Ties are deep,” Putin said. “They are at an unprecedented level.”",
     "unprecedented level", Voice("quote", *PUTIN[1:])),
    # ... and opening the next paragraph
    ("“Dear friend, we are pleased to meet again,” Putin told Xi at a meeting, according to "
     "the Kremlin.\n\n“Our relations are at an unprecedentedly high level.”",
     "unprecedentedly high level", Voice("quote", *PUTIN[1:])),
    # a quote over three paragraphs, each reopened (news style)
    ("Gabuev said: “Russia needs China.\n\n“Beijing holds the cards.\n\n“Moscow is the junior "
     "partner.”", "junior partner", Voice("quote", "Alexander Gabuev", "analyst")),
    # reported speech does not carry into a narrator's next sentence
    ("Putin said ties were deep. Trade grew by a third last year.", "Trade grew",
     Voice("narrator")),
    # a participle makes only the words after it reported: the clause before is narrator
    ("Putin praised Xi at length, saying the two countries were a stabilizing force.",
     "praised Xi", Voice("narrator")),
    # an attribution after a comma ends the sentence only with a short subject
    ("Sharing a worldview, they have sought to contain Western power and to accelerate what "
     "they see as decline.", "Sharing a worldview", Voice("narrator")),
    # a verb and speaker after a quote do not reach into the next paragraph
    ("China’s foreign ministry said the leaders will “jointly promote a multipolar world”, "
     "state broadcaster CCTV said.\n\nVictory Day\n\nPutin will address the parade.",
     "multipolar world", Voice("quote", "China's foreign ministry", "chinese_official")),
]


@pytest.mark.parametrize(("text", "phrase", "expected"),
                         PRONOUNS + DESCRIPTIONS + COMPOUND_UNNAMED_MEDIA + CONTINUATIONS)
def test_speakers_are_resolved(text, phrase, expected, speakers, voice_of):
    assert voice_of(text, phrase, speakers) == expected


def test_multi_paragraph_quote_not_reopened_keeps_its_speaker(speakers, voice_of):
    text = ("Gabuev said: “Russia needs China more than ever.\nBeijing holds the cards.\n"
            "Moscow has become the junior partner.” He spoke in Berlin.\nTrade grew.")
    assert voice_of(text, "junior partner", speakers) == Voice(
        "quote", "Alexander Gabuev", "analyst")
    assert voice_of(text, "Trade grew", speakers) == Voice("narrator")


def test_gender_is_checked_in_the_speakers_file():
    from analysis.errors import InputError

    with pytest.raises(InputError, match="gender"):
        parse_speakers({"groups": {"x": ""}, "speakers": [
            {"name": "A", "group": "x", "gender": "m"}]})


def test_roles_are_read_from_the_speakers_file(speakers):
    assert "the minister" in speakers.by_role
    assert {s.name for s in speakers.by_role["the president"]} >= {"Vladimir Putin",
                                                                    "Xi Jinping"}
    assert speakers.resolve_role("the ministry", "No ministry was named.", 20) is None
