"""Tests of the shipped lexicon's cue families added or narrowed in 2.5.0.

Each sentence is written for the test (not copied from the corpus) and is found
by exactly the family named in its comment: lexicon 2.4.0 missed every one of
them, so removing the family makes its case fail.
"""

from __future__ import annotations

import pytest

from analysis.config import DEFAULT_LEXICON
from analysis.frames.lexicon import Lexicon, load_lexicon

CODEBOOK_FRAMES = ("no_limits", "asymmetric", "stabilizing_force")


@pytest.fixture(scope="module")
def shipped() -> Lexicon:
    return load_lexicon(DEFAULT_LEXICON)


def _found(lexicon: Lexicon, text: str) -> dict[str, set[str]]:
    """Frame -> the cues that support it in ``text`` (negated hits count: a denial
    invokes the frame at article level)."""
    out: dict[str, set[str]] = {}
    for m in lexicon.find(text):
        if m.frame in CODEBOOK_FRAMES:
            out.setdefault(m.frame, set()).add(m.cue)
    return out


@pytest.mark.parametrize(
    ("text", "frame", "cue"),
    [
        # no_limits, R6: the ties at an all-time peak in other words
        ("Beijing says its ties with Moscow have hit a high-water mark.", "no_limits",
         "high-water mark"),
        ("Moscow's relations with Beijing are at an historic high, the envoy said.",
         "no_limits", "at an historic high"),
        ("Officials hailed a golden age of Sino-Russian relations.", "no_limits",
         "golden age of * * relations"),
        ("Their no-holds-barred partnership worries NATO.", "no_limits",
         "no-holds-barred partnership"),
        ("The bond between the two presidents is the warmest between any two leaders.",
         "no_limits", "warmest between any two"),
        ("Their ties are better than any military and political alliance, Xi wrote.",
         "no_limits", "better than any * * * alliance"),
        # asymmetric: dependence or reliance with a qualifier between
        ("Analysts warn of Russia's technological dependence.", "asymmetric",
         "russia's * dependenc*"),
        ("Moscow's heavy reliance worries Russian planners.", "asymmetric",
         "moscow's * relian*"),
        ("By now Russia is wholly dependent on its neighbour.", "asymmetric",
         "russia is * dependent"),
        # asymmetric, R8 (batch 6): leverage asserted, not appealed to
        ("Kyiv believes that Xi could force Moscow to halt the offensive.", "asymmetric",
         "could force moscow"),
        ("The minister said China has the ability to pressure Russia into talks.",
         "asymmetric", "ability to pressure russia"),
        # asymmetric: the weaker party, China dominant, Russia's backyard
        ("Beijing holds the dominant position in this partnership.", "asymmetric",
         "dominant position"),
        ("Moscow has been relegated to a secondary place in Central Asia.", "asymmetric",
         "relegat* to a secondary"),
        ("China's traders now run the Russian backyard in Central Asia.", "asymmetric",
         "russian backyard*"),
        # stabilizing_force: supports of stability, the world economy stabilized
        ("The partnership has become a bulwark of stability for Eurasia.",
         "stabilizing_force", "bulwark of stability"),
        ("Xi said the two economies help stabilize the global economy.",
         "stabilizing_force", "stabiliz* * global economy"),
        ("Beijing will promote world peace together with Moscow.", "stabilizing_force",
         "promot* world peace"),
        ("The two leaders vowed to shape a multipolar order.", "stabilizing_force",
         "shap* a multipolar"),
        ("Both sides back the UN-centred international system.", "stabilizing_force",
         "un-centred international system"),
    ],
)
def test_new_families_find_the_frame(shipped: Lexicon, text: str, frame: str,
                                     cue: str) -> None:
    assert cue in _found(shipped, text).get(frame, set())


@pytest.mark.parametrize(
    ("text", "frame"),
    [
        # bare "strategic stability" dropped: Russia-US arms control, a paper's title
        ("Lavrov and Blinken discussed arms control and strategic stability.",
         "stabilizing_force"),
        # "stability in the region" and "just and reasonable" dropped
        ("The Pakistani minister said stability in the region is key to growth.",
         "stabilizing_force"),
        ("Xi called for a more just and reasonable global governance system.",
         "stabilizing_force"),
        # China benefitting needs "more"/"most" or the partnership as the subject
        ("The new corridor would benefit China and European farmers alike.", "asymmetric"),
        # others squeezing Russia; a bloc dominated by both; a global balance
        ("Washington wants to squeeze Russia's shadow fleet.", "asymmetric"),
        ("Indonesia joined a BRICS group dominated by China and Russia.", "asymmetric"),
        ("Hawks fear shifting the global balance of power in Beijing's favor.", "asymmetric"),
        # a historic high of trade is a figure, not the ties
        ("Bilateral trade stood at a historic high last year.", "no_limits"),
    ],
)
def test_narrowed_cues_leave_other_contexts(shipped: Lexicon, text: str, frame: str) -> None:
    assert frame not in _found(shipped, text)


def test_narrowed_strategic_stability_keeps_the_world(shipped: Lexicon) -> None:
    text = "China and Russia will jointly safeguard global strategic stability."
    assert "global strategic stability" in _found(shipped, text)["stabilizing_force"]
