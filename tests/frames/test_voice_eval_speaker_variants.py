"""The voice evaluation counts a speaker right when gold writes them by another alias of
the speakers file (*Zelenskyy*) or names an unnamed source by a listed noun (*skeptics*)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.frames.coding import Coding
from analysis.frames.voice_eval import evaluate_voice
from analysis.voice.speakers import load_speakers


def _speaker_ok(text: str, phrase: str, gold_speaker: str, group: str) -> bool:
    start = text.index(phrase)
    articles = pd.DataFrame({"article_id": ["a"], "text": [text]})
    ev = pd.DataFrame([{"article_id": "a", "frame": "f", "phrase": phrase, "sentence": "",
                        "voice": "reported", "speaker": gold_speaker, "speaker_group": group,
                        "start": start, "end": start + len(phrase)}])
    return bool(evaluate_voice(Coding(articles, pd.DataFrame(), ev),
                               load_speakers()).phrases["speaker_ok"].iloc[0])


@pytest.mark.parametrize(("text", "phrase", "gold", "group", "ok"), [
    ("Zelenskyy said that Russia depends on China.", "depends on China",
     "Volodymyr Zelenskyy", "other", True),
    ("Many skeptics argue that Russia depends on China.", "depends on China", "skeptics", "other",
     True),
    ("Zelenskyy said that Russia depends on China.", "depends on China", "Vladimir Putin",
     "other", False),
])
def test_speaker_variants_count_as_one_speaker(text, phrase, gold, group, ok):
    assert _speaker_ok(text, phrase, gold, group) is ok
